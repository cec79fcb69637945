// trap (minimal): EXIT, and signals mapped to ignore / default / a command.
// SIMPLIFICATION: a trapped signal's command runs after the current simple
// command finishes (we check caught signals then), not asynchronously.
import type { Shell } from '../shell.ts'
import { sigaction, type Sys } from '../../libc/index.ts'
import { parseSignal, signalName } from '../../../kernel-sim/abi/index.ts'
import { fail, print } from './util.ts'

function specName(s: string): string | null {
  if (s === 'EXIT' || s === '0') return 'EXIT'
  const n = parseSignal(s)
  return n === undefined ? null : String(n)
}

export function* trap(sh: Shell, argv: string[]): Sys<number> {
  const args = argv.slice(1).filter((a) => a !== '--')
  if (args.length === 0 || args[0] === '-p') {
    let out = ''
    for (const [k, v] of sh.traps) {
      const name = k === 'EXIT' ? 'EXIT' : signalName(Number(k)) ?? k
      out += `trap -- '${v.replace(/'/g, `'\\''`)}' ${name}\n`
    }
    return yield* print(sh, out)
  }
  if (args[0] === '-l') return 0
  let action: string | null = args[0]!
  let specs = args.slice(1)
  if (specs.length === 0 || /^\d+$/.test(action)) {
    specs = args
    action = null
  }
  if (action === '-') action = null
  let status = 0
  for (const s of specs) {
    const k = specName(s)
    if (k === null) {
      status = yield* fail(sh, `${s}: invalid signal specification`)
      continue
    }
    if (action === null) sh.traps.delete(k)
    else sh.traps.set(k, action)
    if (k === 'EXIT') continue
    const sig = Number(k)
    if (action === null) {
      sh.caught.delete(sig)
      yield* sigaction(sig, sh.interactive && sig === 2 ? 'catch' : 'default')
    } else if (action === '') {
      sh.caught.delete(sig)
      yield* sigaction(sig, 'ignore')
    } else {
      sh.caught.add(sig)
      yield* sigaction(sig, 'catch')
    }
  }
  return status
}
