// free(1) (procps-ng 4): memory totals from /proc/meminfo. "used" is
// total - available, as procps 4 computes it.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import { has, parseOpts, warnErrno } from './lib/cmd.ts'
import { humanSize } from './lib/format.ts'
import { readFile } from './lib/io.ts'
import { parseMeminfo } from './lib/procfs.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'human', hasArg: 'no', val: 'h' },
  { name: 'bytes', hasArg: 'no', val: 'b' },
  { name: 'kibi', hasArg: 'no', val: 'k' },
  { name: 'mebi', hasArg: 'no', val: 'm' },
  { name: 'gibi', hasArg: 'no', val: 'g' },
  { name: 'si', hasArg: 'no', val: 'S' },
  { name: 'total', hasArg: 'no', val: 't' },
] as const

export const FREE_HEADER = '               total        used        free      shared  buff/cache   available'

export type Unit = 'b' | 'k' | 'm' | 'g' | 'h'

/** One scaled value (input in KiB), as procps' scale_size prints it. */
export function scale(kb: number, unit: Unit, si = false): string {
  const bytes = kb * 1024
  const base = si ? 1000 : 1024
  switch (unit) {
    case 'b': return String(bytes)
    case 'k': return String(si ? Math.floor(bytes / 1000) : kb)
    case 'm': return String(Math.floor(bytes / base ** 2))
    case 'g': return String(Math.floor(bytes / base ** 3))
    case 'h': return humanSize(bytes, si)
  }
}

/** The Mem:/Swap: table for a parsed /proc/meminfo. */
export function freeTable(m: Map<string, number>, unit: Unit, si = false, total = false): string {
  const g = (k: string) => m.get(k) ?? 0
  const memTotal = g('MemTotal')
  const avail = m.get('MemAvailable') ?? g('MemFree')
  const buffCache = g('Buffers') + g('Cached') + g('SReclaimable')
  const used = Math.max(0, memTotal - avail)
  const swapTotal = g('SwapTotal')
  const swapFree = g('SwapFree')
  const row = (label: string, vals: number[]) => label.padEnd(8) + vals.map((v) => ' ' + scale(v, unit, si).padStart(11)).join('')
  const lines = [
    FREE_HEADER,
    row('Mem:', [memTotal, used, g('MemFree'), g('Shmem'), buffCache, avail]),
    row('Swap:', [swapTotal, swapTotal - swapFree, swapFree]),
  ]
  if (total) lines.push(row('Total:', [memTotal + swapTotal, used + swapTotal - swapFree, g('MemFree') + swapFree]))
  return lines.join('\n') + '\n'
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'hbkmgt', long: LONG, usage: 'Usage:\n free [options]\n\nDisplay amount of free and used memory in the system.' })
  if (typeof p === 'number') return p
  const text = yield* readFile('/proc/meminfo')
  if (typeof text === 'number') {
    yield* warnErrno(argv[0]!, 'Unable to create meminfo structure', text)
    return 1
  }
  let unit: Unit = 'k'
  for (const o of p.opts) if ('bkmgh'.includes(o.opt)) unit = o.opt as Unit
  yield* out(freeTable(parseMeminfo(text), unit, has(p, 'S'), has(p, 't')))
  return 0
}

export const free: ProgramInfo = { name: 'free', path: '/usr/bin/free', description: 'display amount of free and used memory in the system', main, stdoutAtExit: 'closestream' }
