// ulimit, as bash 5.2's ulimit.c on Linux: option letters, scaling units,
// `-a` layout ("%-20s %20s" then the value) and error messages.
import type { Shell } from '../shell.ts'
import { prlimit, type Sys } from '../../libc/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { fail, print, usage } from './util.ts'

interface Lim { opt: string; res: number; scale: number; desc: string; units: string }

// bash's limits[] table, in its order (resource numbers from asm-generic/resource.h)
const LIMITS: Lim[] = [
  { opt: 'R', res: 15, scale: 1, desc: 'real-time non-blocking time', units: 'microseconds' },
  { opt: 'c', res: 4, scale: 512, desc: 'core file size', units: 'blocks' },
  { opt: 'd', res: 2, scale: 1024, desc: 'data seg size', units: 'kbytes' },
  { opt: 'e', res: 13, scale: 1, desc: 'scheduling priority', units: '' },
  { opt: 'f', res: 1, scale: 512, desc: 'file size', units: 'blocks' },
  { opt: 'i', res: 11, scale: 1, desc: 'pending signals', units: '' },
  { opt: 'l', res: 8, scale: 1024, desc: 'max locked memory', units: 'kbytes' },
  { opt: 'm', res: 5, scale: 1024, desc: 'max memory size', units: 'kbytes' },
  { opt: 'n', res: 7, scale: 1, desc: 'open files', units: '' },
  { opt: 'p', res: -1, scale: 512, desc: 'pipe size', units: '512 bytes' },
  { opt: 'q', res: 12, scale: 1, desc: 'POSIX message queues', units: 'bytes' },
  { opt: 'r', res: 14, scale: 1, desc: 'real-time priority', units: '' },
  { opt: 's', res: 3, scale: 1024, desc: 'stack size', units: 'kbytes' },
  { opt: 't', res: 0, scale: 1, desc: 'cpu time', units: 'seconds' },
  { opt: 'u', res: 6, scale: 1, desc: 'max user processes', units: '' },
  { opt: 'v', res: 9, scale: 1024, desc: 'virtual memory', units: 'kbytes' },
  { opt: 'x', res: 10, scale: 1, desc: 'file locks', units: '' },
]
const USAGE = 'ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]'
const PIPE_BLOCKS = 8 // PIPE_BUF 4096 / 512: bash prints this constant

function* get(l: Lim): Sys<[number, number] | number> {
  if (l.res < 0) return [PIPE_BLOCKS * 512, PIPE_BLOCKS * 512]
  return yield* prlimit(0, l.res)
}

function show(v: number, l: Lim): string {
  return v === Infinity ? 'unlimited' : String(Math.floor(v / l.scale))
}

function label(l: Lim): string {
  const unit = l.units ? `(${l.units}, -${l.opt}) ` : `(-${l.opt}) `
  return `${l.desc.padEnd(20)} ${unit.padStart(20)}`
}

export function* ulimit(sh: Shell, argv: string[]): Sys<number> {
  let hard = false
  let soft = false
  let all = false
  const chosen: Lim[] = []
  let value: string | undefined
  const args = argv.slice(1)
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!
    if (!a.startsWith('-') || a === '-' || /^-\d/.test(a) && k > 0 && chosen.length === 0 && false) {
      value = a
      if (k !== args.length - 1) return yield* fail(sh, `${args[k + 1]}: too many arguments`)
      break
    }
    if (a === '--') continue
    for (const f of a.slice(1)) {
      if (f === 'H') hard = true
      else if (f === 'S') soft = true
      else if (f === 'a') all = true
      else {
        const l = LIMITS.find((x) => x.opt === f)
        if (!l) {
          yield* fail(sh, `-${f}: invalid option`, 2)
          return yield* usage(sh, USAGE)
        }
        chosen.push(l)
      }
    }
  }
  if (all) {
    let out = ''
    for (const l of LIMITS) {
      const r = yield* get(l)
      if (typeof r === 'number') continue
      out += `${label(l)}${show(hard && !soft ? r[1] : r[0], l)}\n`
    }
    return yield* print(sh, out)
  }
  if (chosen.length === 0) chosen.push(LIMITS.find((l) => l.opt === 'f')!)
  if (value === undefined) {
    let out = ''
    for (const l of chosen) {
      const r = yield* get(l)
      if (typeof r === 'number') return yield* fail(sh, `${l.desc}: cannot get limit: ${strerror(-r)}`)
      const v = show(hard && !soft ? r[1] : r[0], l)
      out += chosen.length > 1 ? `${label(l)}${v}\n` : v + '\n'
    }
    return yield* print(sh, out)
  }
  let status = 0
  for (const l of chosen) {
    const cur = yield* get(l)
    if (typeof cur === 'number') return yield* fail(sh, `${l.desc}: cannot get limit: ${strerror(-cur)}`)
    let n: number
    if (value === 'unlimited') n = Infinity
    else if (value === 'hard') n = cur[1]
    else if (value === 'soft') n = cur[0]
    else if (/^\d+$/.test(value)) n = Number(value) * l.scale
    else return yield* fail(sh, `${value}: invalid number`)
    if (l.res < 0) {
      status = yield* fail(sh, `${l.desc}: cannot modify limit: ${strerror(22)}`)
      continue
    }
    // Neither -H nor -S: both limits are set (bash's default).
    const both = !hard && !soft
    const next: [number, number] = [both || soft ? n : cur[0], both || hard ? n : cur[1]]
    const r = yield* prlimit(0, l.res, next)
    if (typeof r === 'number' && r < 0) status = yield* fail(sh, `${l.desc}: cannot modify limit: ${strerror(-r)}`)
  }
  return status
}
