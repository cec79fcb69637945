// A VM's lifecycle as a state machine (Firecracker's vstate): which action is
// allowed in which state, and the typed error for every other combination.
// Firecracker's test_preboot_disallowed is the model: an action in the wrong
// state changes nothing and returns an error naming the action and the state.
//
//   defined ──start──▶ booting ──(boot done)──▶ running ◀──resume── paused
//      ▲                  │ stop                 │ stop     ──pause──▶ ▲
//      └──── undefine     ▼                      ▼                      │
//   stopped / crashed ◀───┴──────────────────────┴──── stop ────────────┘
//   (start again from stopped or crashed)
import type { VmAction, VmError, VmLifecycle } from '../abi/index.ts'

/** Where each management action may start from. */
const ALLOWED: Record<'start' | 'stop' | 'pause' | 'resume' | 'undefine' | 'configure' | 'exec' | 'console', readonly VmLifecycle[]> = {
  start: ['defined', 'stopped', 'crashed'],
  stop: ['booting', 'running', 'paused'],
  pause: ['running'],
  resume: ['paused'],
  undefine: ['defined', 'stopped', 'crashed'],
  configure: ['defined', 'stopped', 'crashed'],
  exec: ['running'],
  console: ['booting', 'running', 'paused', 'stopped', 'crashed'],
}

/** The state an allowed action leads to (exec/console leave it unchanged). */
export const NEXT: Partial<Record<VmAction, VmLifecycle>> = {
  start: 'booting', stop: 'stopped', pause: 'paused', resume: 'running',
}

/** Why an action is refused in a state, worded as virsh words it ("domain is not running"). */
function reason(action: VmAction, state: VmLifecycle): string {
  if (action === 'start') return 'the VM is already active'
  if (action === 'stop' || action === 'exec') return state === 'paused' && action === 'exec' ? 'the VM is paused' : 'the VM is not running'
  if (action === 'pause') return state === 'paused' ? 'the VM is already paused' : state === 'booting' ? 'the VM is still booting' : 'the VM is not running'
  if (action === 'resume') return state === 'running' || state === 'booting' ? 'the VM is not paused' : 'the VM is not running'
  if (action === 'undefine') return 'the VM is still active (stop it first)'
  if (action === 'configure') return 'the configuration can only change before boot (stop the VM first)'
  return `the VM is ${state}`
}

/** undefined if `action` may run in `state`, else the typed error. */
export function checkTransition(vm: string, action: keyof typeof ALLOWED, state: VmLifecycle): VmError | undefined {
  if (ALLOWED[action].includes(state)) return undefined
  return { error: 'wrongState', vm, action, state, message: `cannot ${action} '${vm}': ${reason(action, state)}` }
}

export const ACTIONS = Object.keys(ALLOWED) as (keyof typeof ALLOWED)[]
export const STATES: readonly VmLifecycle[] = ['defined', 'booting', 'running', 'paused', 'stopped', 'crashed']

export function allowed(action: keyof typeof ALLOWED, state: VmLifecycle): boolean {
  return ALLOWED[action].includes(state)
}
