// rm(1): remove files; -r descends into directories, -f ignores missing
// files, and "/" is refused without --no-preserve-root.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { E } from '../../kernel-sim/abi/index.ts'
import { lstat, out, rmdir, unlink, type Sys } from '../libc/index.ts'
import { has, parseOpts, quote, tryHelp, warn, warnErrno } from './lib/cmd.ts'
import { baseName, isDir, joinPath, readDir } from './lib/fs.ts'
import type { ProgramInfo } from './lib/types.ts'

const LONG = [
  { name: 'force', hasArg: 'no', val: 'f' },
  { name: 'recursive', hasArg: 'no', val: 'r' },
  { name: 'dir', hasArg: 'no', val: 'd' },
  { name: 'verbose', hasArg: 'no', val: 'v' },
  { name: 'no-preserve-root', hasArg: 'no', val: 'N' },
  { name: 'preserve-root', hasArg: 'no', val: 'P' },
] as const

interface RmOpts {
  prog: string
  force: boolean
  recursive: boolean
  dirs: boolean
  verbose: boolean
}

function* removeOne(path: string, o: RmOpts): Sys<boolean> {
  const st = yield* lstat(path)
  if (typeof st === 'number') {
    if (o.force && st === -E.ENOENT) return true
    yield* warnErrno(o.prog, `cannot remove ${quote(path)}`, st)
    return false
  }
  if (isDir(st.mode)) {
    if (!o.recursive && !o.dirs) {
      yield* warnErrno(o.prog, `cannot remove ${quote(path)}`, -E.EISDIR)
      return false
    }
    let ok = true
    if (o.recursive) {
      const ents = yield* readDir(path)
      if (typeof ents === 'number') {
        yield* warnErrno(o.prog, `cannot remove ${quote(path)}`, ents)
        return false
      }
      for (const d of ents) ok = (yield* removeOne(joinPath(path, d.name), o)) && ok
    }
    if (!ok) return false
    const r = yield* rmdir(path)
    if (r < 0) {
      yield* warnErrno(o.prog, `cannot remove ${quote(path)}`, r)
      return false
    }
    if (o.verbose) yield* out(`removed directory ${quote(path)}\n`)
    return true
  }
  const r = yield* unlink(path)
  if (r < 0) {
    yield* warnErrno(o.prog, `cannot remove ${quote(path)}`, r)
    return false
  }
  if (o.verbose) yield* out(`removed ${quote(path)}\n`)
  return true
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'dfirRvI', long: LONG, usage: 'Usage: rm [OPTION]... [FILE]...\nRemove (unlink) the FILE(s).' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const o: RmOpts = {
    prog,
    force: has(p, 'f'),
    recursive: has(p, 'r') || has(p, 'R'),
    dirs: has(p, 'd'),
    verbose: has(p, 'v'),
  }
  if (p.operands.length === 0) {
    if (o.force) return 0
    yield* warn(prog, 'missing operand')
    yield* tryHelp(prog)
    return 1
  }
  let status = 0
  for (const f of p.operands) {
    const b = baseName(f)
    if (b === '.' || b === '..') {
      yield* warn(prog, `refusing to remove '.' or '..' directory: skipping ${quote(f)}`)
      status = 1
      continue
    }
    if (o.recursive && /^\/+$/.test(f) && !has(p, 'N')) {
      yield* warn(prog, `it is dangerous to operate recursively on ${quote('/')}`)
      yield* warn(prog, 'use --no-preserve-root to override this failsafe')
      status = 1
      continue
    }
    if (!(yield* removeOne(f, o))) status = 1
  }
  return status
}

export const rm: ProgramInfo = { name: 'rm', path: '/bin/rm', description: 'remove files or directories', main }
