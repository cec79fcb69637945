// head(1): the first 10 lines (-n N), or N bytes (-c N); a negative count
// prints all but the last N.
import { SEEK_CUR, type Program } from '../../kernel-sim/abi/index.ts'
import { lseek } from '../libc/index.ts'
import { parseOpts } from './lib/cmd.ts'
import { countSpec, eachInput, legacyCount, wantHeaders } from './lib/headtail.ts'
import { Output } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'lines', hasArg: 'required', val: 'n' },
  { name: 'bytes', hasArg: 'required', val: 'c' },
  { name: 'quiet', hasArg: 'no', val: 'q' },
  { name: 'silent', hasArg: 'no', val: 'q' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(legacyCount(argv), envp, { short: 'n:c:qv', long: LONG, usage: 'Usage: head [OPTION]... [FILE]...\nPrint the first 10 lines of each FILE to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const spec = yield* countSpec(prog, p)
  if (typeof spec === 'number') return spec
  const files = p.operands.length ? p.operands : ['-']
  const headers = wantHeaders(p, files.length)
  const o = new Output()
  return yield* eachInput(prog, files, headers, o, function* (r, fd) {
    if (spec.bytes && spec.sign !== '-') {
      // streamed, a read's worth at a time: head -c 4G holds no more than that
      for (let left = spec.n; left > 0 && !o.error; ) {
        const s = yield* r.chars(Math.min(left, 65536))
        if (s === '') break
        yield* o.write(s)
        left -= s.length
      }
    }
    else if (spec.sign === '-') {
      // all but the last N: needs the whole input
      let all = ''
      for (let l = yield* r.line(); l !== null; l = yield* r.line()) all += l
      if (spec.bytes) yield* o.write(all.slice(0, Math.max(0, all.length - spec.n)))
      else {
        const ls = all.match(/[^\n]*\n|[^\n]+$/g) ?? []
        yield* o.write(ls.slice(0, Math.max(0, ls.length - spec.n)).join(''))
      }
    } else {
      for (let left = spec.n; left > 0 && !o.error; ) {
        const [s, lines] = yield* r.someLines(left)
        if (s === '') break
        yield* o.write(s)
        left -= lines
      }
    }
    // coreutils head leaves a seekable input just after what it printed, so
    // `{ head -n1; cat; } < file` prints the rest (pipes cannot seek: ESPIPE is fine).
    if (r.unread > 0 && spec.sign !== '-') yield* lseek(fd, -r.unread, SEEK_CUR)
  })
}

export const head: ProgramInfo = { name: 'head', path: '/usr/bin/head', description: 'output the first part of files', main }
