// Container lifecycle commands (docs.docker.com/reference/cli/docker/container/
// create, start, restart, wait, rename, pause, unpause, prune; image/rm, tag,
// history) and --user/--group-add credentials (docker run reference "USER";
// moby daemon/oci_linux.go getUser: AdditionalGids = [gid] + /etc/group
// memberships + --group-add, which replace the caller's groups).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script, { maxSteps: 50_000_000 })

describe('create, start, wait, restart, rename', () => {
  it('create prints the id and leaves the container Created; start -a attaches; wait prints the exit code', () => {
    const r = run(`docker create --name c1 alpine sh -c 'echo hello; exit 4' | wc -c; docker ps -a --format '{{.Names}} {{.Status}}'; ` +
      `docker start -a c1; echo $?; docker start c1; docker wait c1; docker logs c1`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('65\nc1 Created\nhello\n4\nc1\n4\nhello\nhello\n')
  })
  it('start -ai relays stdin to the container each time it starts; -a alone gives it none', () => {
    const r = run(`docker create -i --name c1 alpine sh -c 'read x; echo got $x; exit 3' >/dev/null; echo hello | docker start -ai c1; echo rc=$?; ` +
      `echo again | docker start -ai c1; docker start -a c1 </dev/null`)
    expect(r.stdout).toBe('got hello\nrc=3\ngot again\ngot\n')
  })
  it('restart stops and starts again (new pid); rename keeps the container', () => {
    const r = run(`docker run -d --name s1 alpine sleep 100 >/dev/null; p1=$(docker inspect -f '{{.State.Pid}}' s1); ` +
      `docker restart -t 0 s1; p2=$(docker inspect -f '{{.State.Pid}}' s1); [ "$p1" != "$p2" ] && echo new pid; ` +
      `docker rename s1 t1; docker ps --format '{{.Names}} {{.State}}'`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('s1\nnew pid\nt1 running\n')
  })
  it('bad input: missing container, name conflict, same name, invalid name, no arguments, create with a bad flag (125)', () => {
    const r = run(`docker create --name aa alpine true >/dev/null; docker create --name bb alpine true >/dev/null; ` +
      `docker start nope; echo $?; docker rename aa bb 2>&1 | sed 's/"[0-9a-f]\\{64\\}"/ID/'; docker rename aa aa; docker rename aa 'x y'; docker wait; echo $?; docker create -x alpine; echo $?`)
    expect(r.stdout).toBe('1\nError response from daemon: Conflict. The container name "/bb" is already in use by container ID. You have to remove (or rename) that container to be able to reuse that name.\n1\n125\n')
    expect(r.stderr).toBe('Error response from daemon: No such container: nope\n' +
      'Error: failed to start containers: nope\n' +
      'Error response from daemon: Renaming a container with the same name as its current name\n' +
      'Error response from daemon: Invalid container name (x y), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n' +
      '"docker wait" requires at least 1 argument.\nSee \'docker wait --help\'.\n\nUsage:  docker wait CONTAINER [CONTAINER...]\n\nBlock until one or more containers stop, then print their exit codes\n' +
      "unknown shorthand flag: 'x' in -x\nSee 'docker create --help'.\n")
  })
})

describe('docker create shares docker run\'s preparation (docker/cli container/create.go)', () => {
  it('the same parse errors, with create\'s own help line; no TTY check (create never attaches)', () => {
    const r = run('docker create --cgroupns bogus alpine; echo $?; docker create -it --name tt alpine sh </dev/null >/dev/null; echo $?; docker create nope:latest >/dev/null; echo $?')
    expect(r.stdout).toBe('125\n0\n125\n')
    expect(r.stderr).toBe("docker: --cgroupns: invalid CGROUP mode.\nSee 'docker create --help'.\n" +
      "Unable to find image 'nope:latest' locally\n" +
      "docker: Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login'.\nSee 'docker create --help'.\n")
  })
})

describe('start with several operands (docker/cli start.go startContainersWithoutAttachments)', () => {
  it('starts each it can, prints each error, then "Error: failed to start containers:" naming the failed ones; status 1', () => {
    const r = run(`docker create --name c1 alpine true >/dev/null; docker start nope1 c1 nope2; echo rc=$?`)
    expect(r.stdout).toBe('c1\nrc=1\n')
    expect(r.stderr).toBe('Error response from daemon: No such container: nope1\n' +
      'Error response from daemon: No such container: nope2\n' +
      'Error: failed to start containers: nope1, nope2\n')
  })
})

describe('pause / unpause: the cgroup v2 freezer', () => {
  it('cgroup.freeze=1, cgroup.events "frozen 1"; ps STATUS "(Paused)", inspect State.Status paused; tasks sleep (S: kernel/signal.c do_freezer_trap sets TASK_INTERRUPTIBLE|TASK_FREEZABLE)', () => {
    const r = run(`docker run -d --name s1 alpine sleep 100 >/dev/null; docker pause s1; id=$(docker inspect -f '{{.Id}}' s1); ` +
      `cat /sys/fs/cgroup/docker/$id/cgroup.freeze; grep frozen /sys/fs/cgroup/docker/$id/cgroup.events; ` +
      `docker ps --format '{{.Status}}|{{.State}}'; docker inspect -f '{{.State.Status}} {{.State.Paused}} {{.State.Running}}' s1; ` +
      `ps -o stat,comm | grep sleep; docker unpause s1; grep frozen /sys/fs/cgroup/docker/$id/cgroup.events; docker ps --format '{{.Status}}'`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('s1\n1\nfrozen 1\nUp Less than a second (Paused)|paused\npaused true true\nS    sleep\ns1\nfrozen 0\nUp Less than a second\n')
  })
  it('errors: already paused, not paused, not running', () => {
    const r = run(`docker run -d --name s1 alpine sleep 100 >/dev/null; docker run --name d1 alpine true; docker pause s1 >/dev/null; ` +
      `docker pause s1; echo $?; docker unpause s1 >/dev/null; docker unpause s1; docker pause d1; docker pause nope`)
    const id = (n: string) => new RegExp(`container [0-9a-f]{64} ${n}`)
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(id('is already paused'))
    expect(lines[1]).toMatch(/^Error response from daemon: Container [0-9a-f]{64} is not paused$/)
    expect(lines[2]).toMatch(id('is not running'))
    expect(lines[3]).toBe('Error response from daemon: No such container: nope')
    expect(r.stdout).toBe('1\n')
  })
})

describe('a paused container', () => {
  it('refuses exec (moby errExecPaused); SIGKILL still ends its frozen tasks (cgroup v2 freezer)', () => {
    const r = run('docker run -d --name s1 alpine sleep 100 >/dev/null; docker pause s1 >/dev/null; docker exec s1 true; echo $?; ' +
      'docker kill s1 >/dev/null; docker ps -a --format "{{.Names}} {{.Status}}"')
    expect(r.stderr).toMatch(/^Error response from daemon: Container [0-9a-f]{64} is paused, unpause the container before exec\n$/)
    expect(r.stdout).toBe('1\ns1 Exited (137) Less than a second ago\n')
  })
})

describe('container prune, rmi, tag, history', () => {
  it('prune -f removes the stopped containers and lists their ids', () => {
    const r = run(`docker run -d --name up alpine sleep 100 >/dev/null; docker run --name gone alpine true; id=$(docker inspect -f '{{.Id}}' gone); ` +
      `docker container prune -f | sed "s/$id/ID/"; docker ps -a --format '{{.Names}}'`)
    expect(r.stdout).toBe('Deleted Containers:\nID\n\nTotal reclaimed space: 0B\nup\n')
  })
  it('rmi refuses an image a container uses (must force), untags an extra tag, deletes the last one', () => {
    const r = run(`docker tag alpine mine:1; docker run --name u1 alpine true; docker rmi mine:1; docker rmi alpine; echo $?; ` +
      `docker rm u1 >/dev/null; docker rmi alpine; docker images -q | wc -l; docker rmi alpine; echo $?`)
    expect(r.stdout).toBe('Untagged: mine:1\n1\n' +
      'Untagged: alpine:latest\nUntagged: alpine@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\n' +
      'Deleted: sha256:91ef0af61f39ece4d6710e6e1c4a5ec1c8e6bcf2a4c8b4c9e8f9ab3b4fb5d3f1\n0\n1\n')
    expect(r.stderr).toMatch(/^Error response from daemon: conflict: unable to remove repository reference "alpine" \(must force\) - container [0-9a-f]{12} is using its referenced image 91ef0af61f39\n/)
    expect(r.stderr).toMatch(/Error response from daemon: No such image: alpine:latest\n$/)
  })
  it('a tag names the same image id and is runnable', () => {
    const r = run(`docker tag alpine mine:1; docker run --rm mine:1 echo ok; docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'`)
    expect(r.stdout).toBe('ok\nalpine:latest 91ef0af61f39\nmine:1 91ef0af61f39\n')
  })
  it('history: IMAGE, CREATED, CREATED BY, SIZE, COMMENT', () => {
    expect(run('docker history alpine').stdout).toBe(`IMAGE          CREATED       CREATED BY                             SIZE      COMMENT
91ef0af61f39   2 years ago   CMD ["/bin/sh"]                        0B        buildkit.dockerfile.v0
<missing>      2 years ago   ADD 43c4264eed91.tar.gz / # buildkit   7.8MB     buildkit.dockerfile.v0
`)
  })
})

describe('--user and --group-add (docker run reference "USER")', () => {
  it('uid:gid replaces the supplementary groups with [gid]; a bare uid without a passwd entry gets gid 0', () => {
    const r = run('docker run --rm --user 1000:1000 alpine id; docker run --rm --user 1000 alpine id; docker run --rm alpine id')
    expect(r.stdout).toBe('uid=1000 gid=1000 groups=1000\nuid=1000 gid=0(root) groups=0(root)\nuid=0(root) gid=0(root) groups=0(root)\n')
  })
  it('names from the image\'s /etc/passwd and /etc/group; --group-add appends names or gids', () => {
    const r = run('docker run --rm -u nobody --group-add tty --group-add 1234 alpine id; docker run --rm -u www-data:tty alpine id')
    expect(r.stdout).toBe('uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup),5(tty),1234\nuid=33(www-data) gid=5(tty) groups=5(tty)\n')
  })
  it('an unknown user or group fails the start (125)', () => {
    const r = run('docker run --rm -u foo alpine id; echo $?; docker run --rm --group-add nope alpine id; echo $?')
    expect(r.stdout).toBe('125\n125\n')
    expect(r.stderr).toContain('unable to find user foo: no matching entries in passwd file')
    expect(r.stderr).toContain('Unable to find group nope: no matching entries in group file')
  })
})

describe('docker attach (container/attach reference)', () => {
  it('follows a running container\'s output until it exits and returns its exit code; refuses a stopped one', () => {
    const r = run('docker run -d --name a1 alpine sh -c "sleep 1; echo late; exit 7" >/dev/null; docker attach a1; echo rc=$?; docker attach a1; echo $?; docker attach nope; echo $?')
    expect(r.stdout).toBe('late\nrc=7\n1\n1\n')
    expect(r.stderr).toBe('You cannot attach to a stopped container, start it first\nError response from daemon: No such container: nope\n')
  })
})
