// isolab scenario ... / isolab lab ...: listing, the narrated run and its exit
// status, --json, --compare across machine variants, validate's FILE:LINE:COL.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { labsCommand } from '../../src/cli/labs-cli.ts'

async function cli(kind: 'lab' | 'scenario', ...args: string[]) {
  let out = ''
  let err = ''
  const status = await labsCommand(kind, args, { out: (s) => void (out += s), err: (s) => void (err += s) })
  return { status, out, err }
}

const dir = mkdtempSync(join(tmpdir(), 'isolab-labs-'))
function file(id: string, body: string): string {
  const p = join(dir, `${id}.yaml`)
  writeFileSync(p, `id: ${id}\nkind: scenario\nversion: 1\ntitle: ${id}\nsummary: A test file.\ntopic: measure\n${body}`)
  return p
}

describe('isolab scenario / lab', () => {
  it('lab list shows the example lab; scenario list shows no labs', async () => {
    const labs = await cli('lab', 'list')
    expect(labs.status).toBe(0)
    expect(labs.out).toMatch(/^NAME\s+TOPIC\s+LEVEL\s+TIME\s+TITLE$/m)
    expect(labs.out).toMatch(/^hostname-namespace\s+namespaces\s+beginner\s+5 min\s+Your own hostname: the UTS namespace$/m)
    const sc = await cli('scenario', 'list')
    expect(sc.out).not.toContain('hostname-namespace')
  })

  it('scenario run narrates: title, step text, commands with their output, and what held', async () => {
    const r = await cli('scenario', 'run', 'hostname-namespace')
    expect(r.status).toBe(0)
    expect(r.out).toContain('── Step 1/3: The host\'s name')
    expect(r.out).toContain('$ hostname\nhost\n')
    expect(r.out).toContain('  ✔ the output contains "host"')
    expect(r.out).toContain('Task — played with its solution:\n\n$ docker run -d --name web --hostname box alpine sleep 1d\n')
    expect(r.out).toMatch(/3 steps played, 2 tasks done: every expectation held\.\n$/)
  })

  it('exits 1 when an expect fails, and says which', async () => {
    const f = file('fails', 'steps:\n  - id: a\n    title: A\n    text: t\n    run: [hostname]\n    expect:\n      - output: { equals: other }\n')
    const r = await cli('scenario', 'run', f)
    expect(r.status).toBe(1)
    expect(r.out).toContain('  ✘ the output is "other" — is "host", expected "other"')
    expect(r.out).toContain('1 problem(s):\n  ✘ step a: the output is "other"')
  })

  it('--json gives the played steps as data', async () => {
    const r = await cli('scenario', 'run', 'hostname-namespace', '--json')
    const j = JSON.parse(r.out)
    expect(j.ok).toBe(true)
    expect(j.steps[0].runs[0]).toEqual({ terminal: 'host', command: 'hostname', output: 'host\n' })
  })

  it('--compare plays each machine variant and shows their outputs one under the other', async () => {
    const f = file('variants', 'machine:\n  variants:\n    - { name: small, memory: 1G }\n    - { name: big, memory: 8G }\nsteps:\n  - id: a\n    title: file-max follows RAM\n    text: t\n    run: [cat /proc/sys/fs/file-max]\n')
    const r = await cli('scenario', 'run', f, '--compare')
    expect(r.status).toBe(0)
    expect(r.out).toContain('Machines compared: small, big')
    expect(r.out).toMatch(/\$ cat \/proc\/sys\/fs\/file-max\n {2}\[small\] │ \d+\n {2}\[big\] {3}│ 838860\n/)
  })

  it('lab validate: errors as FILE:LINE:COL, exit 1; a missing file is named', async () => {
    const f = file('bad', 'steps:\n  - id: a\n    title: A\n    text: t\n    run: [hostname]\n    colour: red\n')
    const r = await cli('lab', 'validate', f, join(dir, 'nope.yaml'))
    expect(r.status).toBe(1)
    expect(r.err).toContain(`${f}:12:5: unknown key 'colour' in steps[0]`)
    expect(r.err).toContain(`${join(dir, 'nope.yaml')}: No such file or directory`)
    expect(r.out).toBe('0 of 2 file(s) valid\n')
  })

  it('unknown subcommands and names get a clear message', async () => {
    expect(await cli('lab', 'frobnicate')).toMatchObject({ status: 2, err: expect.stringContaining("unknown subcommand 'frobnicate' (list, start, validate, report, grade)") })
    expect(await cli('scenario', 'run', 'no-such')).toMatchObject({ status: 1, err: expect.stringContaining("no lab or scenario named 'no-such'") })
  })
})
