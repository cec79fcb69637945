// stat(1): file status in coreutils' default format, or -c FORMAT with the
// common %-sequences.
import type { Program, Stat } from '../../kernel-sim/abi/index.ts'
import { S_IFBLK, S_IFCHR, S_IFMT } from '../../kernel-sim/abi/index.ts'
import { lstat, readlink, stat as sysStat, type Sys } from '../libc/index.ts'
import { has, lastArg, parseOpts, quote, quotef, warnErrno } from './lib/cmd.ts'
import { fileTypeName, modeString } from './lib/format.ts'
import { blocks512, isLink, major, minor } from './lib/fs.ts'
import { closeStdout, Output } from './lib/io.ts'
import { NS_PER_SEC, statTime } from './lib/time.ts'
import type { ProgramInfo } from './lib/types.ts'
import { loadUserDb, type UserDb } from './lib/users.ts'

const LONG = [
  { name: 'dereference', hasArg: 'no', val: 'L' },
  { name: 'format', hasArg: 'required', val: 'c' },
  { name: 'printf', hasArg: 'required', val: 'P' },
  { name: 'terse', hasArg: 'no', val: 't' },
] as const

export interface StatSubject {
  name: string
  st: Stat
  target?: string // symlink target for %N
  db: UserDb
}

const isDevice = (mode: number) => (mode & S_IFMT) === S_IFCHR || (mode & S_IFMT) === S_IFBLK

/** One %-directive of stat -c. */
function directive(c: string, s: StatSubject): string | undefined {
  const { st, db } = s
  switch (c) {
    case 'n': return s.name
    case 'N': return s.target !== undefined ? `${quotef(s.name)} -> ${quotef(s.target)}` : quotef(s.name)
    case 's': return String(st.size)
    case 'b': return String(blocks512(st.size))
    case 'B': return '512'
    case 'o': return '4096'
    case 'f': return (st.mode >>> 0).toString(16)
    case 'F': return fileTypeName(st.mode, st.size)
    case 'a': return (st.mode & 0o7777).toString(8)
    case 'A': return modeString(st.mode)
    case 'h': return String(st.nlink)
    case 'i': return String(st.ino)
    case 'u': return String(st.uid)
    case 'U': return db.userName(st.uid) ?? 'UNKNOWN'
    case 'g': return String(st.gid)
    case 'G': return db.groupName(st.gid) ?? 'UNKNOWN'
    case 'd': return String(st.dev)
    case 'D': return st.dev.toString(16)
    case 't': return major(st.rdev).toString(16)
    case 'T': return minor(st.rdev).toString(16)
    case 'x': return statTime(st.atimeNs)
    case 'y': return statTime(st.mtimeNs)
    case 'z': return statTime(st.ctimeNs)
    case 'w': return '-'
    case 'X': return String(Math.floor(st.atimeNs / NS_PER_SEC))
    case 'Y': return String(Math.floor(st.mtimeNs / NS_PER_SEC))
    case 'Z': return String(Math.floor(st.ctimeNs / NS_PER_SEC))
    case 'W': return '0'
    case '%': return '%'
    case 'Hd': return String(major(st.dev))
    case 'Ld': return String(minor(st.dev))
    case 'Hr': return String(major(st.rdev))
    case 'Lr': return String(minor(st.rdev))
    default: return undefined
  }
}

/** Expands a format: %[-0width]X, \n \t escapes (--printf only), as stat does. */
export function statFormat(fmt: string, s: StatSubject, escapes = false): string {
  let outText = ''
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!
    if (escapes && ch === '\\' && i + 1 < fmt.length) {
      const e = fmt[++i]!
      outText += ({ n: '\n', t: '\t', '\\': '\\', '"': '"' } as Record<string, string>)[e] ?? '\\' + e
      continue
    }
    if (ch !== '%') {
      outText += ch
      continue
    }
    const m = /^([-0]?)(\d*)(?:\.(\d+))?([HL][dr]|[a-zA-Z%])/.exec(fmt.slice(i + 1))
    if (!m) {
      outText += '%'
      continue
    }
    i += m[0].length
    let v = directive(m[4]!, s)
    if (v === undefined) {
      outText += '?'
      continue
    }
    if (m[3] !== undefined) v = v.slice(0, Number(m[3]))
    const w = Number(m[2] || 0)
    outText += m[1] === '-' ? v.padEnd(w, ' ') : v.padStart(w, m[1] === '0' ? '0' : ' ')
  }
  return outText
}

/** coreutils' default (non-terse) format. */
export function defaultFormat(mode: number): string {
  return '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n' +
    (isDevice(mode) ? 'Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n'
      : 'Device: %Hd,%Ld\tInode: %-11i Links: %h\n') +
    'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n'
}

function* subject(name: string, follow: boolean, db: UserDb): Sys<StatSubject | number> {
  const st = follow ? yield* sysStat(name) : yield* lstat(name)
  if (typeof st === 'number') return st
  let target: string | undefined
  if (isLink(st.mode)) {
    const t = yield* readlink(name)
    if (typeof t === 'string') target = t
  }
  return { name, st, target, db }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'c:Lt', needsOperand: true, long: LONG, usage: 'Usage: stat [OPTION]... FILE...\nDisplay file or file system status.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const db = yield* loadUserDb()
  const o = new Output()
  let status = 0
  for (const f of p.operands) {
    const s = yield* subject(f, has(p, 'L'), db)
    if (typeof s === 'number') {
      yield* o.flush()
      yield* warnErrno(prog, `cannot statx ${quote(f)}`, s)
      status = 1
      continue
    }
    const printf = lastArg(p, 'P')
    const c = lastArg(p, 'c')
    if (printf !== undefined) yield* o.write(statFormat(printf, s, true))
    else if (c !== undefined) yield* o.write(statFormat(c, s) + '\n')
    else if (has(p, 't')) yield* o.write(statFormat('%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o', s) + '\n')
    else {
      yield* o.write(statFormat(defaultFormat(s.st.mode), s))
    }
  }
  return yield* closeStdout(prog, o, status)
}

export const stat: ProgramInfo = { name: 'stat', path: '/bin/stat', description: 'display file or file system status', main }
