// Conditional expressions shared by test/[ and [[ ]] (bash's test.c): unary
// file and string tests, binary comparisons, ! ( ) and -a -o / && ||.
import type { Shell } from './shell.ts'
import { access, lstat, stat, type Sys, type Stat } from '../libc/index.ts'
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK } from '../../kernel-sim/abi/index.ts'
import { isatty } from './tty.ts'
import { matchPattern } from './glob.ts'
import { RegexTooComplex } from '../programs/lib/backtrack.ts'
import { compilePosix, type PosixRegex, regexReady } from '../programs/lib/regex.ts'

export class TestError extends Error {}

export interface Tok { s: string; /** [[ ]]: the right side of == as a glob pattern */ pat?: string; op?: boolean }

const UNARY = new Set(['-e', '-f', '-d', '-L', '-h', '-r', '-w', '-x', '-s', '-p', '-S', '-c', '-b', '-t', '-z', '-n', '-a', '-o', '-v', '-u', '-g', '-k', '-O', '-G', '-N'])
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef', '=~'])

/** Evaluates; 0 true, 1 false. Throws TestError with bash's message text. */
export function* evalTest(sh: Shell, toks: Tok[], cond: boolean): Sys<number> {
  const p = new TestParser(sh, toks, cond)
  const v = yield* p.orExpr()
  if (p.i < toks.length) throw new TestError(toks.length > 3 ? 'too many arguments' : `${toks[p.i]!.s}: binary operator expected`)
  return v ? 0 : 1
}

/**
 * Recursive descent over the arguments (bash's test.c expr/term). A class,
 * not closures made per call: `[[ ]]` in a loop evaluates it every iteration,
 * and under tsx each named closure costs a defineProperty.
 */
class TestParser {
  i = 0
  private readonly AND: string
  private readonly OR: string
  constructor(readonly sh: Shell, readonly toks: Tok[], readonly cond: boolean) {
    this.AND = cond ? '&&' : '-a'
    this.OR = cond ? '||' : '-o'
  }

  private isOp(k: number, s: string): boolean {
    const t = this.toks[k]
    return t?.s === s && (this.cond ? t.op !== false : true)
  }

  *orExpr(): Sys<boolean> {
    let v = yield* this.andExpr()
    while (this.i < this.toks.length && this.isOp(this.i, this.OR)) {
      this.i++
      const r = yield* this.andExpr()
      v = v || r
    }
    return v
  }

  private *andExpr(): Sys<boolean> {
    let v = yield* this.notExpr()
    while (this.i < this.toks.length && this.isOp(this.i, this.AND)) {
      this.i++
      const r = yield* this.notExpr()
      v = v && r
    }
    return v
  }

  private *notExpr(): Sys<boolean> {
    if (this.isOp(this.i, '!') && this.i + 1 < this.toks.length) {
      this.i++
      return !(yield* this.notExpr())
    }
    return yield* this.primary()
  }

  private *primary(): Sys<boolean> {
    const { toks, cond } = this
    const t = toks[this.i]
    if (!t) throw new TestError('argument expected')
    if (t.s === '(' && (t.op ?? true) && this.i + 1 < toks.length) {
      this.i++
      const v = yield* this.orExpr()
      if (!this.isOp(this.i, ')')) throw new TestError("`)' expected")
      this.i++
      return v
    }
    const b = toks[this.i + 1]
    if (b && BINARY.has(b.s) && this.i + 2 < toks.length && !(cond ? false : b.s === '=~')) {
      this.i += 3
      return yield* this.binary(t.s, b.s, toks[this.i - 1]!)
    }
    if (UNARY.has(t.s) && this.i + 1 < toks.length && !(t.s === '-a' || t.s === '-o') || (t.s === '-a' || t.s === '-o') && cond && this.i + 1 < toks.length) {
      this.i += 2
      return yield* unary(this.sh, t.s, toks[this.i - 1]!.s)
    }
    this.i++
    return t.s !== ''
  }

  private *binary(a: string, op: string, bt: Tok): Sys<boolean> {
    const b = bt.s
    const cond = this.cond
    switch (op) {
      case '=':
      case '==': return cond && bt.pat !== undefined ? matchPattern(bt.pat, a) : a === b
      case '!=': return !(cond && bt.pat !== undefined ? matchPattern(bt.pat, a) : a === b)
      case '<': return a < b
      case '>': return a > b
      case '=~': {
        // regcomp(REG_EXTENDED); a pattern that does not compile makes [[ ]] return 2 (bash cond_regexp)
        if (!(yield* regexReady('bash'))) throw new TestError('')
        let re: PosixRegex
        try {
          re = compilePosix(b, true)
        } catch {
          throw new TestError('') // no message, status 2
        }
        try {
          return re.test(a)
        } catch (e) {
          if (e instanceof RegexTooComplex) return false // regexec failed: sh_regmatch returns EXECUTION_FAILURE
          throw e
        }
      }
      case '-nt':
      case '-ot':
      case '-ef': {
        const sa = yield* stat(a)
        const sb = yield* stat(b)
        if (typeof sa === 'number' || typeof sb === 'number') return op === '-nt' ? typeof sb === 'number' && typeof sa !== 'number' : op === '-ot' ? typeof sa === 'number' && typeof sb !== 'number' : false
        if (op === '-ef') return sa.dev === sb.dev && sa.ino === sb.ino
        return op === '-nt' ? sa.mtimeNs > sb.mtimeNs : sa.mtimeNs < sb.mtimeNs
      }
    }
    const x = int(a)
    const y = int(b)
    switch (op) {
      case '-eq': return x === y
      case '-ne': return x !== y
      case '-lt': return x < y
      case '-le': return x <= y
      case '-gt': return x > y
      default: return x >= y
    }
  }
}

const SIMPLE_BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'])

/**
 * test/[ with three arguments and a string or integer operator, computed
 * without the generator parser (the hot `[ $i -lt N ]` of a loop).
 * Returns 0/1, or null when the general parser must decide.
 */
export function simpleTest(args: readonly string[]): number | null {
  if (args.length !== 3 || !SIMPLE_BINARY.has(args[1]!)) return null
  const a = args[0]!
  const b = args[2]!
  let r: boolean
  switch (args[1]) {
    case '=':
    case '==': r = a === b; break
    case '!=': r = a !== b; break
    case '<': r = a < b; break
    case '>': r = a > b; break
    default: {
      const x = int(a)
      const y = int(b)
      const op = args[1]
      r = op === '-eq' ? x === y : op === '-ne' ? x !== y : op === '-lt' ? x < y : op === '-le' ? x <= y : op === '-gt' ? x > y : x >= y
    }
  }
  return r ? 0 : 1
}

function int(s: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`)
  return Number(s)
}

function* unary(sh: Shell, op: string, arg: string): Sys<boolean> {
  switch (op) {
    case '-z': return arg === ''
    case '-n': return arg !== ''
    case '-v': return sh.vars.has(arg)
    case '-t': return yield* isatty(int(arg))
    case '-r': return (yield* access(arg, 4)) === 0
    case '-w': return (yield* access(arg, 2)) === 0
    case '-x': return (yield* access(arg, 1)) === 0
  }
  const st: Stat | number = op === '-L' || op === '-h' ? yield* lstat(arg) : yield* stat(arg)
  if (typeof st === 'number') return false
  const fmt = st.mode & S_IFMT
  switch (op) {
    case '-e':
    case '-a': return true
    case '-f': return fmt === S_IFREG
    case '-d': return fmt === S_IFDIR
    case '-L':
    case '-h': return fmt === S_IFLNK
    case '-s': return st.size > 0
    case '-p': return fmt === S_IFIFO
    case '-S': return fmt === S_IFSOCK
    case '-c': return fmt === S_IFCHR
    case '-b': return fmt === S_IFBLK
    case '-u': return (st.mode & 0o4000) !== 0
    case '-g': return (st.mode & 0o2000) !== 0
    case '-k': return (st.mode & 0o1000) !== 0
    default: return true
  }
}
