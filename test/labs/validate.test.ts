// lab validate: every error names FILE:LINE:COL, what was found and what was expected.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatError, loadLab } from '../../src/labs/load.ts'
import { labJsonSchema } from '../../src/labs/schema.ts'

const EXAMPLE = readFileSync(new URL('../../scenarios/examples/hostname-namespace.yaml', import.meta.url), 'utf8')

function errors(text: string, file = 'x.yaml'): string[] {
  const r = loadLab(text, file)
  return r.ok ? [] : r.errors.map(formatError)
}

const MINI = `id: x
kind: lab
version: 1
title: T
summary: S
topic: namespaces
steps:
  - id: a
    title: A
    text: do it
    task:
      checks:
        - container: { name: web, state: running }
    solution:
      - docker run -d --name web alpine sleep 1d
`

describe('lab validate', () => {
  it('accepts the example lab and a minimal one', () => {
    expect(errors(EXAMPLE, 'scenarios/examples/hostname-namespace.yaml')).toEqual([])
    expect(errors(MINI)).toEqual([])
  })

  it('a YAML syntax error: file, line and column of the bad token', () => {
    const e = errors('id: x\nsteps:\n  - id: a\n   title: [unclosed\n')
    expect(e[0]).toMatch(/^x\.yaml:\d+:\d+: YAML syntax error: /)
    expect(e[0]).toMatch(/^x\.yaml:4:/)
  })

  it('an unknown key: its own position and the keys that are allowed', () => {
    const e = errors(MINI.replace('    title: A\n', '    title: A\n    txet: oops\n'))
    expect(e).toEqual([expect.stringMatching(/^x\.yaml:10:5: unknown key 'txet' in steps\[0\] \(expected one of: id, title, text, /)])
  })

  it('a wrong type: found and expected', () => {
    const e = errors(MINI.replace('version: 1', 'version: one'))
    expect(e).toEqual(['x.yaml:3:10: version: found "one", expected number'])
  })

  it('an unknown check kind names the kinds there are', () => {
    const e = errors(MINI.replace('- container: { name: web, state: running }', '- contianer: { name: web }'))
    expect(e).toEqual([expect.stringMatching(/^x\.yaml:13:11: unknown check 'contianer', expected one of file, cgroup, process, container,/)])
  })

  it('a wrong field inside a check points at the field', () => {
    const e = errors(MINI.replace('state: running', 'state: runing'))
    expect(e).toEqual([expect.stringMatching(/^x\.yaml:13:42: steps\[0\]\.task\.checks\[0\]\.container\.state: found "runing", expected one of "created", "running"/)])
  })

  it('a check naming a container the lab never starts', () => {
    const e = errors(MINI.replace('{ name: web, state: running }', '{ name: db, state: running }'))
    expect(e).toEqual(['x.yaml:13:30: steps[0].task.checks[0].container.name: found "db", expected a container this file starts (docker run --name) or declares in terminals (web)'])
  })

  it('a command naming a terminal that is not declared', () => {
    const e = errors(MINI.replace('      - docker run -d --name web alpine sleep 1d', '      - { terminal: vm1, command: ls }\n      - docker run -d --name web alpine sleep 1d'))
    expect(e).toEqual([expect.stringMatching(/^x\.yaml:15:21: steps\[0\]\.solution\[0\]\.terminal: found "vm1", expected a terminal declared in terminals \(host\)/)])
  })

  it('needs and done naming a step that does not exist', () => {
    const e = errors(MINI.replace('    task:\n', '    task:\n      needs: [nope]\n'))
    expect(e).toEqual([expect.stringMatching(/^x\.yaml:12:15: steps\[0\]\.task\.needs\[0\]: found "nope", expected the id of an earlier step with a task/)])
  })

  it('a missing required key points at its mapping', () => {
    const e = errors(MINI.replace('title: T\n', ''))
    expect(e).toEqual(['x.yaml:1:1: missing required key \'title\' in the file'])
  })

  it('machine versions: a version string and a CPU model the machine knows', () => {
    const e = errors(MINI.replace('topic: namespaces\n', 'topic: namespaces\nmachine:\n  versions: { kernel: five, cpu: Pentium }\n'))
    expect(e).toEqual([
      'x.yaml:8:23: machine.versions.kernel: found "five", expected a version such as 5.16.1 or 1.0.0-rc6',
      expect.stringMatching(/^x\.yaml:8:34: machine\.versions\.cpu: found "Pentium", expected one of "Skylake-Server", /),
    ])
  })

  it('the id must be the file name', () => {
    expect(errors(MINI, 'scenarios/y.yaml')).toEqual(['scenarios/y.yaml:1:5: id: found "x", expected "y" (the file\'s name)'])
  })

  it('scenarios/schema.json is the current zod schema (regenerate: npm run labs:schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../scenarios/schema.json', import.meta.url), 'utf8'))
    expect(committed).toEqual(labJsonSchema())
  })
})
