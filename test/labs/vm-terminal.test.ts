// A lab whose terminal is a VM ({ vm: NAME } in `terminals`): its run lines go
// through `vm exec NAME -- sh -c LINE`, and file and command checks naming that
// terminal look inside the guest, not at the host's file of the same path.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { formatError, loadLab, machinePlan, play, Player, type Lab } from '../../src/labs/index.ts'

const LAB = `id: vm-term
kind: lab
version: 1
title: VM terminal
summary: A lab whose terminal is a VM.
topic: vm
machine:
  setup:
    - vm create web1 --image alpine --memory 256M
    - vm start -q web1
terminals: [host, { vm: web1 }]
steps:
  - id: write
    title: Write in the guest
    text: Write your name into /root/name in the guest.
    run: [{ terminal: web1, command: "hostname > /tmp/seen" }]
    expect:
      - file: { path: /tmp/seen, terminal: web1, equals: web1 }
      - not: { file: { path: /tmp/seen, exists: true } }
    task:
      checks:
        - file: { path: /root/name, terminal: web1, contains: alice }
        - command: { run: "uname -n", terminal: web1, equals: web1 }
    hints:
      - when: { file: { path: /root/name, contains: alice } }
        text: That is the host's /root/name; write it inside the guest.
      - text: Type \`echo alice > /root/name\` in the web1 terminal.
    solution:
      - { terminal: web1, command: "echo alice > /root/name" }
tests:
  - name: on the host
    step: write
    run: ["echo alice > /root/name"]
    done: false
    hint: "That is the host's /root/name; write it inside the guest."
`

function load(): Lab {
  const r = loadLab(LAB, 'vm-term.yaml')
  if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'))
  return r.lab
}

describe('a lab with a VM terminal', () => {
  it('runs its lines in the guest, and its file checks read the guest (the host has no /tmp/seen)', () => {
    const lab = load()
    const plan = machinePlan(lab)
    const r = play(lab, new Machine(plan.options), { setup: plan.setup })
    expect(r.setupErrors).toEqual([])
    const step = r.steps[0]!
    expect(step.expect.filter((e) => !e.ok)).toEqual([])
    expect(step.task?.state).toBe('done')
    expect(r.ok).toBe(true)
  }, 120_000)

  it('the same file written on the host does not do the task, and the hint for that state says so', () => {
    const lab = load()
    const plan = machinePlan(lab)
    const p = new Player(lab, new Machine(plan.options))
    expect(p.run.setup(plan.setup)).toEqual([])
    p.run.goTo(0)
    p.act('echo alice > /root/name')
    expect(p.run.evaluateTask(0).state).not.toBe('done')
    expect(p.run.hint()).toContain("That is the host's /root/name; write it inside the guest.")
    p.act({ terminal: 'web1', command: 'echo alice > /root/name' })
    expect(p.run.evaluateTask(0).state).toBe('done')
  }, 120_000)
})
