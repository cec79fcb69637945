// getpcaps(8) (libcap 2.66): "PID: TEXT" per process, TEXT in cap_to_text(3)
// form ("1234: =ep"); --iab adds " [IAB]"; --verbose the older
// "Capabilities for `PID': TEXT" form.
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { capget, err, out, type Sys } from '../../libc/index.ts'
import { capToText, iabToText } from './captext.ts'

// The usage text says "getcaps": libcap's own spelling.
const USAGE = `usage: getcaps <pid> [<pid> ...]

  This program displays the capabilities on the queried process(es).
  The capabilities are displayed in the cap_from_text(3) format.

  Optional arguments:
     --help, -h or --usage display this message.
     --verbose             use a more verbose output format.
     --ugly or --legacy    use the archaic legacy output format.
     --iab                 show IAB of process too.
`

function* main(argv: readonly string[]): Sys<number> {
  let verbose = false
  let iab = false
  const pids: string[] = []
  for (const a of argv.slice(1)) {
    if (a === '--help' || a === '-h' || a === '--usage') return (yield* err(USAGE)), 0
    if (a === '--verbose' || a === '--ugly' || a === '--legacy') verbose = true
    else if (a === '--iab') iab = true
    else pids.push(a)
  }
  if (pids.length === 0) return (yield* err(USAGE)), 1
  let status = 0
  for (const p of pids) {
    const pid = /^\d+$/.test(p) ? Number(p) : -1
    const c = pid > 0 ? yield* capget(pid) : -3
    if (typeof c === 'number') {
      yield* err(`Failed to get cap's for process ${p}: (${strerror(-c)})\n`)
      status = 1
      continue
    }
    const text = capToText(c)
    const extra = iab ? ` [${iabToText(c)}]` : ''
    yield* out(verbose ? `Capabilities for \`${p}': ${text}${extra}\n` : `${p}: ${text}${extra}\n`)
  }
  return status
}

export { main as getpcapsMain }
