// mkdir(1): create directories; -p creates parents and accepts existing ones.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E } from '../../kernel-sim/abi/index.ts'
import { mkdir as sysMkdir, out, stat, type Sys } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, warn, warnErrno } from './lib/cmd.ts'
import { isDir } from './lib/fs.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'parents', hasArg: 'no', val: 'p' },
  { name: 'mode', hasArg: 'required', val: 'm' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
] as const

function* mkdirParents(path: string, mode: number, verbose: (p: string) => Sys<void>): Sys<number> {
  const parts = path.split('/')
  let cur = path.startsWith('/') ? '' : '.'
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '') continue
    cur = cur === '.' ? parts[i]! : `${cur}/${parts[i]}`
    const last = parts.slice(i + 1).every((p) => p === '')
    const r = yield* sysMkdir(cur, last ? mode : 0o777)
    if (r === 0) yield* verbose(cur)
    else if (r === -E.EEXIST) {
      const st = yield* stat(cur)
      if (typeof st === 'number' || !isDir(st.mode)) return last ? -E.EEXIST : -E.ENOTDIR
    } else return r
  }
  return 0
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'pm:v', needsOperand: true, long: LONG, usage: 'Usage: mkdir [OPTION]... DIRECTORY...\nCreate the DIRECTORY(ies), if they do not already exist.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const m = lastArg(p, 'm')
  if (m !== undefined && !/^[0-7]{1,4}$/.test(m)) {
    yield* warn(prog, `invalid mode ${quote(m)}`) // SIMPLIFICATION: octal modes only
    return 1
  }
  const mode = m === undefined ? 0o777 : parseInt(m, 8)
  const verbose = function* (d: string): Sys<void> {
    if (has(p, 'v')) yield* out(`${prog}: created directory ${quote(d)}\n`)
  }
  let status = 0
  for (const dir of p.operands) {
    let r: number
    if (has(p, 'p')) r = yield* mkdirParents(dir, mode, verbose)
    else {
      r = yield* sysMkdir(dir, mode)
      if (r === 0) yield* verbose(dir)
    }
    if (r < 0) {
      yield* warnErrno(prog, `cannot create directory ${quote(dir)}`, r)
      status = 1
    }
  }
  return status
}

export const mkdir: ProgramInfo = { name: 'mkdir', path: '/bin/mkdir', description: 'make directories', main }
