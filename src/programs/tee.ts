// tee(1): copy stdin to stdout and to each FILE (-a appends).
import type { Program } from '../../kernel-sim/abi/index.ts'
import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } from '../../kernel-sim/abi/index.ts'
import { close, open, read, writeAll } from '../libc/index.ts'
import { has, parseOpts, quotef, warnErrno } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'ai', long: [
    { name: 'append', hasArg: 'no', val: 'a' }, { name: 'ignore-interrupts', hasArg: 'no', val: 'i' },
  ], usage: 'Usage: tee [OPTION]... [FILE]...\nCopy standard input to each FILE, and also to standard output.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  let status = 0
  const outs: { fd: number; name: string }[] = [{ fd: 1, name: 'standard output' }]
  const flags = O_WRONLY | O_CREAT | (has(p, 'a') ? O_APPEND : O_TRUNC)
  for (const f of p.operands) {
    const fd = yield* open(f, flags, 0o666)
    if (fd < 0) {
      yield* warnErrno(prog, quotef(f), fd)
      status = 1
    } else outs.push({ fd, name: f })
  }
  for (;;) {
    const r = yield* read(0, 65536)
    if (typeof r === 'number') {
      yield* warnErrno(prog, 'read error', r)
      status = 1
      break
    }
    if (r === '') break
    for (const o of outs) {
      if (o.fd < 0) continue
      const w = yield* writeAll(o.fd, r)
      if (w < 0) {
        yield* warnErrno(prog, quotef(o.name), w)
        status = 1
        o.fd = -1
      }
    }
  }
  for (const o of outs.slice(1)) if (o.fd >= 0) yield* close(o.fd)
  return status
}

export const tee: ProgramInfo = { name: 'tee', path: '/usr/bin/tee', description: 'read from standard input and write to standard output and files', main }
