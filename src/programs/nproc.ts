// nproc(1): the number of online CPUs, from /sys/devices/system/cpu/online
// (a cpulist like "0-1"), else /proc/cpuinfo or /proc/stat.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { getenv, out, type Sys } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, warn } from './lib/cmd.ts'
import { lines, readFile } from './lib/io.ts'
import type { ProgramInfo } from './lib/types.ts'

/** Count of CPUs in a kernel cpulist ("0-3,6"). */
export function cpulistCount(s: string): number {
  let n = 0
  for (const part of s.trim().split(',')) {
    if (part === '') continue
    const [a, b] = part.split('-')
    n += b === undefined ? 1 : Number(b) - Number(a) + 1
  }
  return n
}

function* onlineCpus(): Sys<number> {
  const online = yield* readFile('/sys/devices/system/cpu/online')
  if (typeof online === 'string' && cpulistCount(online) > 0) return cpulistCount(online)
  const info = yield* readFile('/proc/cpuinfo')
  if (typeof info === 'string') {
    const n = lines(info).filter((l) => /^processor\s*:/.test(l)).length
    if (n > 0) return n
  }
  const stat = yield* readFile('/proc/stat')
  if (typeof stat === 'string') {
    const n = lines(stat).filter((l) => /^cpu\d+ /.test(l)).length
    if (n > 0) return n
  }
  return 1
}

const LONG = [
  { name: 'all', hasArg: 'no', val: 'a' },
  { name: 'ignore', hasArg: 'required', val: 'i' },
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', long: LONG, usage: 'Usage: nproc [OPTION]...\nPrint the number of processing units available to the current process.' })
  if (typeof p === 'number') return p
  const ignore = lastArg(p, 'i')
  if (ignore !== undefined && !/^\d+$/.test(ignore)) {
    yield* warn(argv[0]!, `invalid number: ${quote(ignore)}`)
    return 1
  }
  let n = yield* onlineCpus()
  // SIMPLIFICATION: no sched_getaffinity; OMP_NUM_THREADS is honoured as coreutils does
  const omp = getenv(envp, 'OMP_NUM_THREADS')
  if (!has(p, 'a') && omp && /^\d+$/.test(omp) && Number(omp) > 0) n = Number(omp)
  n = Math.max(1, n - Number(ignore ?? 0))
  yield* out(`${n}\n`)
  return 0
}

export const nproc: ProgramInfo = { name: 'nproc', path: '/usr/bin/nproc', description: 'print the number of processing units available', main }
