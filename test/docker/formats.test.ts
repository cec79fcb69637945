// docker ps/images/inspect output options and docker port, as
// docs.docker.com/reference/cli/docker/ describes them (container/ls "Format the
// output", "Filtering"; image/ls; inspect; container/port) and docker/cli's
// formatter prints them (tabwriter table, Go templates, `json` lines).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const SETUP = 'docker pull alpine >/dev/null; docker pull nginx >/dev/null; docker run -d --name web -p 8080:80 nginx >/dev/null; docker run --name done alpine sh -c "exit 3"; '
const run = (script: string) => new Machine().runScript(SETUP + script, { maxSteps: 50_000_000 })
/** Runs the script after printing the short ids of web and done (they depend on the seed's draws so far). */
const withIds = (script: string) => {
  const r = run(`docker inspect -f '{{.Id}}' web done | cut -c1-12; ${script}`)
  const [web, done, ...rest] = r.stdout.split('\n')
  return { ...r, web: web!, done: done!, stdout: rest.join('\n') }
}

describe('docker ps --format / --filter / -n / -l / -s (container/ls reference)', () => {
  it('a Go template per container; "table" adds the header row; \\t separates columns', () => {
    const r = withIds(`docker ps --format '{{.Names}} {{.Status}}'; docker ps -a --format 'table {{.ID}}\\t{{.Names}}\\t{{.State}}'`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`web Up Less than a second
CONTAINER ID   NAMES     STATE
${r.done}   done      exited
${r.web}   web       running
`)
  })
  it('--format json: one object per line, keys sorted', () => {
    const r = run(`docker ps --format json`)
    const o = JSON.parse(r.stdout) as Record<string, string>
    expect(Object.keys(o)).toEqual([...Object.keys(o)].sort())
    expect(o).toMatchObject({ Names: 'web', Image: 'nginx', State: 'running', Ports: '0.0.0.0:8080->80/tcp', Networks: 'bridge', Size: '0B (virtual 192MB)' })
    expect(o.CreatedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/)
  })
  it('filters: status= (implies stopped ones), name= (regexp), ancestor=, exited=; -n/-l count every state', () => {
    const r = withIds(`docker ps -f status=exited --format '{{.Names}}'; docker ps -a -f name=^/we --format '{{.Names}}'; ` +
      `docker ps -a -f ancestor=alpine -q; docker ps -a -f exited=3 --format '{{.Names}}'; docker ps -a -f exited=0 -q; ` +
      `docker ps -n 1 --format '{{.Names}}'; docker ps -l --format '{{.Names}}'; docker ps -n 2 -q | wc -l`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`done\nweb\n${r.done}\ndone\ndone\ndone\n2\n`)
  })
  it('-s adds SIZE: writable layer and "(virtual ...)"', () => {
    expect(run('docker ps -s').stdout.split('\n')[1]).toMatch(/ web {7}0B \(virtual 192MB\)$/)
  })
  it('bad input: unknown filter key or status value (daemon, 1), filter without "=", bad -n, unknown function (CLI)', () => {
    const r = run(`docker ps -f foo=1; echo $?; docker ps -f status=bogus; echo $?; docker ps -f bad; echo $?; docker ps -n x; echo $?; docker ps --format '{{nope .ID}}'; echo $?`)
    expect(r.stdout).toBe('1\n1\n125\n125\n1\n')
    expect(r.stderr).toBe("Error response from daemon: invalid filter 'foo'\n" +
      "Error response from daemon: invalid filter 'status=bogus'\n" +
      'invalid argument "bad" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee \'docker ps --help\'.\n' +
      'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'docker ps --help\'.\n' +
      'template parsing error: template: :1: function "nope" not defined\n')
  })
  it('a placeholder the formatter lacks is a template execution error (Go text/template on a struct), status 1', () => {
    const r = run(`docker ps --format 'x {{.Foo}}'; echo $?; docker images --format '{{.Bar}}'; echo $?`)
    expect(r.stdout).toBe('1\n1\n')
    expect(r.stderr).toBe('template: :1:4: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext\n' +
      'template: :1:2: executing "" at <.Bar>: can\'t evaluate field Bar in type *formatter.imageContext\n')
  })
  it('docker container ls is docker ps', () => {
    const r = withIds('docker container ls -q')
    expect(r.stdout).toBe(`${r.web}\n`)
  })
})

describe('docker images --format, docker inspect -f (Go text/template)', () => {
  it('images: template and table forms', () => {
    const r = run(`docker images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}'; docker image ls --format 'table {{.Repository}}\\t{{.ID}}'`)
    expect(r.stdout).toBe(`nginx:latest 3b25b682ea82 192MB
alpine:latest 91ef0af61f39 7.8MB
REPOSITORY   IMAGE ID
nginx        3b25b682ea82
alpine       91ef0af61f39
`)
  })
  it('inspect -f: fields, json, range, if/else, index, len, pipelines to functions', () => {
    const r = run(`docker inspect -f '{{.State.Status}}|{{json .Config.Cmd}}|{{range .Config.Env}}[{{.}}]{{end}}|{{if .State.Running}}up{{else}}down{{end}}|{{index .Config.Cmd 0}}|{{.Name | upper}}|{{len .Args}}' web done`)
    expect(r.stdout).toBe(
      'running|["nginx","-g","daemon off;"]|[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin][NGINX_VERSION=1.27.2]|up|nginx|/WEB|2\n' +
      'exited|["sh","-c","exit 3"]|[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]|down|sh|/DONE|2\n')
  })
  it('{{json .}} is the whole document; a missing key is <no value>; images inspect too', () => {
    const r = run(`docker inspect -f '{{json .}}' web; docker inspect -f '{{.Nope}}' web; docker image inspect -f '{{.RepoTags}} {{.Os}}' nginx`)
    const [doc, missing, img] = r.stdout.split('\n')
    expect((JSON.parse(doc!) as { Name: string }).Name).toBe('/web')
    expect(missing).toBe('<no value>')
    expect(img).toBe('[nginx:latest] linux')
  })
  it('bad templates: a parse error is status 64; --type narrows the lookup', () => {
    const r = run(`docker inspect -f '{{.State' web; echo $?; docker inspect --type image web; echo $?`)
    expect(r.stdout).toBe('64\n[]\n1\n')
    expect(r.stderr).toBe('template parsing error: template: :1: unclosed action\nError: No such image: web\n')
  })
  it('an execution error (index past the end) is status 1 with the same "template parsing error:" prefix (cli/command/inspect TemplateInspector)', () => {
    const r = run(`docker inspect -f '{{.Name}} {{index .Args 9}}' web; echo $?`)
    expect(r.stdout).toBe('1\n')
    expect(r.stderr).toBe('template parsing error: template: :1:12: executing "" at <index .Args 9>: error calling index: index out of range: 9\n')
  })
})

describe('docker port (container/port reference)', () => {
  it('every mapping as "80/tcp -> 0.0.0.0:8080", or one private port\'s host address', () => {
    const r = run('docker port web; docker port web 80; docker port web 80/tcp')
    expect(r.stdout).toBe('80/tcp -> 0.0.0.0:8080\n0.0.0.0:8080\n0.0.0.0:8080\n')
  })
  it('errors: an unpublished port, a missing container, no argument', () => {
    const r = run('docker port web 80/udp; echo $?; docker port nope; echo $?; docker port; echo $?')
    expect(r.stdout).toBe('1\n1\n1\n')
    expect(r.stderr).toBe("Error: No public port '80/udp' published for web\nError response from daemon: No such container: nope\n" +
      '"docker port" requires at least 1 argument.\nSee \'docker port --help\'.\n\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n\nList port mappings or a specific mapping for the container\n')
  })
})
