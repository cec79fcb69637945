// The lifecycle state machine, Firecracker's test_preboot_disallowed style:
// every action in every state is either the documented transition or a typed
// wrongState error that names the action and the state and changes nothing.
import { describe, expect, it } from 'vitest'
import { ACTIONS, STATES, allowed, checkTransition, NEXT } from './vm-state.ts'

const ALL_STATES = ['defined', 'booting', 'running', 'paused', 'stopped', 'crashed'] as const

const TABLE = [
  { action: 'start', from: ['defined', 'stopped', 'crashed'], to: 'booting' },
  { action: 'stop', from: ['booting', 'running', 'paused'], to: 'stopped' },
  { action: 'pause', from: ['running'], to: 'paused' },
  { action: 'resume', from: ['paused'], to: 'running' },
  { action: 'undefine', from: ['defined', 'stopped', 'crashed'], to: undefined },
  { action: 'configure', from: ['defined', 'stopped', 'crashed'], to: undefined },
  { action: 'exec', from: ['running'], to: undefined },
  // the serial console keeps what a VM printed, so it is there once it has booted
  { action: 'console', from: ['booting', 'running', 'paused', 'stopped', 'crashed'], to: undefined },
] as const

describe('VM lifecycle transitions', () => {
  it.each(TABLE)('$action is allowed exactly from $from', ({ action, from, to }) => {
    for (const s of STATES) expect(allowed(action, s)).toBe((from as readonly string[]).includes(s))
    if (to) expect(NEXT[action]).toBe(to)
  })

  it('the table covers every action and state the module knows', () => {
    expect([...ACTIONS].sort()).toEqual(TABLE.map((r) => r.action).sort())
    expect([...STATES].sort()).toEqual([...ALL_STATES].sort())
  })

  // Derived from the table above, not from allowed(): a transition wrongly
  // allowed by the module would otherwise drop out of this list unnoticed.
  const disallowed = TABLE.flatMap(({ action, from }) =>
    ALL_STATES.filter((s) => !(from as readonly string[]).includes(s)).map((state) => ({ action, state })))
  it.each(disallowed)('$action in state $state is a wrongState error', ({ action, state }) => {
    const e = checkTransition('web1', action, state)
    expect(e).toMatchObject({ error: 'wrongState', vm: 'web1', action, state })
    expect(e!.message).toMatch(new RegExp(`^cannot ${action} 'web1': `))
  })

  it('post-boot configuration is refused with the reason (operationNotSupportedPostBoot)', () => {
    expect(checkTransition('a', 'configure', 'running')?.message).toBe("cannot configure 'a': the configuration can only change before boot (stop the VM first)")
  })
})
