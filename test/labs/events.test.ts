// event checks: what the kernel reported since the step (or the lab) began —
// EMFILE and seccomp denials as failed syscalls, OOM kills, AppArmor denials and
// EPT violations as the kernel logs them.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { formatError, loadLab, play } from '../../src/labs/index.ts'

const LAB = `id: events
kind: scenario
version: 1
title: Events
summary: Each kind of event, caused and seen.
topic: security
steps:
  - id: emfile
    title: EMFILE
    text: RLIMIT_NOFILE 16 (getrlimit(2)); the 14th socket fails.
    run: ["sh -c 'ulimit -n 16; fdflood --sockets --count 100'"]
    expect:
      - event: { kind: EMFILE }
      - event: { kind: EMFILE, comm: fdflood, count: { equals: 1 } }
      - not: { event: { kind: ENFILE } }
  - id: later
    title: since the step
    text: Nothing fails here.
    run: ["true"]
    expect:
      - not: { event: { kind: EMFILE } }
      - event: { kind: EMFILE, since: start }
  - id: seccomp
    title: seccomp
    text: Docker's default profile refuses unshare(CLONE_NEWUSER) with EPERM.
    run: [docker run --rm alpine unshare -U true]
    expect:
      - event: { kind: SECCOMP_DENIED }
      - output: { contains: "Operation not permitted" }
  - id: lsm
    title: AppArmor
    text: docker-default denies mount(2) even with CAP_SYS_ADMIN.
    run: [docker run --rm --cap-add SYS_ADMIN alpine mount -t tmpfs none /mnt]
    expect:
      - event: { kind: LSM_DENIED }
  - id: oom
    title: OOM kill
    text: memory.max 16M, 64M touched.
    run: [docker run --rm --memory 16m alpine memhog 64M]
    expect:
      - event: { kind: OOM_KILL, comm: memhog }
  - id: ept
    title: EPT violation
    text: A guest reads guest-physical memory beyond its own.
    run:
      - vm create vm1 --image alpine --memory 256M
      - vm start -q vm1
      - vm exec vm1 -- memread 0x10000000 16
    expect:
      - event: { kind: EPT_VIOLATION }
`

describe('event checks', () => {
  it('each kind is seen in the step that caused it, and only since then', () => {
    const r = loadLab(LAB, 'events.yaml')
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'))
    const res = play(r.lab, new Machine({ seed: 1 }))
    for (const s of res.steps) expect(s.expect.filter((e) => !e.ok), s.id).toEqual([])
    expect(res.ok).toBe(true)
  }, 120_000)

  it('an event check that fails says how many were seen', () => {
    const r = loadLab(LAB.replace('- not: { event: { kind: EMFILE } }', '- event: { kind: EMFILE }'), 'events.yaml')
    if (!r.ok) throw new Error(r.errors.map(formatError).join('\n'))
    const res = play({ ...r.lab, steps: r.lab.steps.slice(0, 2) }, new Machine({ seed: 1 }))
    expect(res.steps[1]!.expect[0]).toEqual({ ok: false, what: 'EMFILE seen since the step began', found: '0 seen' })
  })
})
