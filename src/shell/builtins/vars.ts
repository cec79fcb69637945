// export, unset, local, readonly, declare, set, shift.
import type { Shell } from '../shell.ts'
import type { Sys } from '../../libc/index.ts'
import { chargeValue, hold, mark, release, valueShrunk } from '../memory.ts'
import { fail, isName, print, usage } from './util.ts'
import { FLAG_OPTIONS, invalidOptName, isSetOption, listSetOptions, setSetOption } from '../setopts.ts'

/** A value `set` prints as it is. */
const PLAIN_WORD = /^[A-Za-z0-9_./:=@%+,-]*$/

/**
 * How a listing prints one variable: `open` + the value escaped + `close`, and
 * what bash allocates to quote it first. Escaping works character by
 * character, so a long value is escaped and printed a block at a time.
 */
interface Line {
  open: string
  escape: (part: string) => string
  close: string
  alloc: number
}
type Listing = (name: string, value: string) => Line
const asIs = (p: string) => p
/** `set`: values with shell metacharacters in single quotes (sh_single_quote allocates 3 + 4 × the length). */
const SET: Listing = (k, v) => PLAIN_WORD.test(v)
  ? { open: `${k}=`, escape: asIs, close: '\n', alloc: 0 }
  : { open: `${k}='`, escape: (p) => p.replace(/'/g, `'\\''`), close: "'\n", alloc: 3 + 4 * v.length }
/** `export -p`, `readonly`: double quotes (sh_double_quote allocates 3 + 2 × the length). */
const DECLARE = (flag: string): Listing => (k, v) =>
  ({ open: `declare ${flag} ${k}="`, escape: (p) => p.replace(/(["\\$`])/g, '\\$1'), close: '"\n', alloc: 3 + 2 * v.length })
/** SIMPLIFICATION: `declare` alone prints values unquoted. */
const PLAIN: Listing = (k) => ({ open: `${k}=`, escape: asIs, close: '\n', alloc: 0 })

/** Output is written once this much is buffered, as through stdio's buffer: never one string of every value. */
const BLOCK = 65536

/**
 * One line per variable, as bash's print_var_list: a quoted value is a new
 * string held on the heap while it is printed, so quoting a huge value meets
 * xmalloc's limit instead of the simulator's.
 */
function* listVars(sh: Shell, names: string[], value: (name: string) => string, how: Listing): Sys<number> {
  let out = ''
  for (const k of names) {
    const v = value(k)
    const line = how(k, v)
    const m = mark(sh)
    yield* hold(sh, line.alloc, line.alloc)
    out += line.open
    for (let i = 0; i < v.length; i += BLOCK) {
      out += line.escape(v.length > BLOCK ? v.slice(i, i + BLOCK) : v)
      if (out.length >= BLOCK) {
        const r = yield* print(sh, out)
        if (r) return r
        out = ''
      }
    }
    out += line.close
    release(sh, m)
  }
  return yield* print(sh, out)
}

function* assignArgs(sh: Shell, args: string[], apply: (name: string, value: string | undefined) => boolean | void): Sys<number> {
  let status = 0
  for (const a of args) {
    const eq = a.indexOf('=')
    const name = eq < 0 ? a : a.slice(0, eq).replace(/\+$/, '')
    if (!isName(name)) {
      status = yield* fail(sh, `\`${a}': not a valid identifier`)
      continue
    }
    let value = eq < 0 ? undefined : a.slice(eq + 1)
    if (value !== undefined && a[eq - 1] === '+') value = (sh.get(name) ?? '') + value
    // the value lives on the shell's heap, as an assignment's does (memory.ts setVar)
    const old = sh.vars.get(name)?.value.length ?? 0
    if (value !== undefined) yield* chargeValue(sh, old, value.length)
    if (apply(name, value) === false) status = yield* fail(sh, `${name}: readonly variable`)
    else if (value !== undefined && value.length < old) yield* valueShrunk(sh)
  }
  return status
}

export function* exportB(sh: Shell, argv: string[]): Sys<number> {
  let args = argv.slice(1)
  let un = false
  while (args[0]?.startsWith('-') && args[0] !== '-') {
    if (args[0] === '-n') un = true
    else if (args[0] !== '-p' && args[0] !== '-f' && args[0] !== '--') return yield* usage(sh, 'export [-fn] [name[=value] ...] or export -p')
    args = args.slice(1)
  }
  if (args.length === 0) return yield* listVars(sh, [...sh.vars.keys()].sort().filter((k) => sh.vars.get(k)!.exported), (k) => sh.vars.get(k)!.value, DECLARE('-x'))
  return yield* assignArgs(sh, args, (name, value) => {
    const v = sh.vars.get(name)
    if (value !== undefined) return sh.set(name, value, !un)
    if (v) v.exported = !un
    else if (!un) sh.vars.set(name, { value: '', exported: true, unsetValue: true } as never)
  })
}

export function* unsetB(sh: Shell, argv: string[]): Sys<number> {
  let fn = false
  let status = 0
  for (const a of argv.slice(1)) {
    if (a === '-f') fn = true
    else if (a === '-v') fn = false
    else if (fn) sh.funcs.delete(a)
    else if (!isName(a)) status = yield* fail(sh, `\`${a}': not a valid identifier`)
    else if (!sh.unset(a)) status = yield* fail(sh, `${a}: cannot unset: readonly variable`)
  }
  return status
}

export function* local(sh: Shell, argv: string[]): Sys<number> {
  if (sh.locals.length === 0) return yield* fail(sh, 'can only be used in a function')
  const args = argv.slice(1).filter((a) => !/^-[a-zA-Z]+$/.test(a))
  return yield* assignArgs(sh, args, (name, value) => {
    sh.makeLocal(name)
    if (value !== undefined) return sh.set(name, value)
  })
}

export function* readonly(sh: Shell, argv: string[]): Sys<number> {
  const args = argv.slice(1).filter((a) => !/^-[a-zA-Z]+$/.test(a))
  if (args.length === 0) return yield* listVars(sh, [...sh.vars.keys()].sort().filter((k) => sh.vars.get(k)!.readonly), (k) => sh.get(k)!, DECLARE('-r'))
  return yield* assignArgs(sh, args, (name, value) => {
    if (value !== undefined && !sh.set(name, value)) return false
    if (!sh.vars.has(name)) sh.set(name, '')
    sh.vars.get(name)!.readonly = true
  })
}

/** SIMPLIFICATION: declare/typeset understand -x -r -g and plain assignment only. */
export function* declare(sh: Shell, argv: string[]): Sys<number> {
  const flags = argv.slice(1).filter((a) => /^[-+][a-zA-Z]+$/.test(a)).join('')
  const args = argv.slice(1).filter((a) => !/^[-+][a-zA-Z]+$/.test(a))
  if (args.length === 0) return yield* listVars(sh, [...sh.vars.keys()].sort(), (k) => sh.get(k)!, PLAIN)
  return yield* assignArgs(sh, args, (name, value) => {
    if (sh.locals.length && !flags.includes('g')) sh.makeLocal(name)
    if (value !== undefined && !sh.set(name, value)) return false
    if (!sh.vars.has(name)) sh.set(name, '')
    if (flags.includes('-x') || /-\w*x/.test(flags)) sh.vars.get(name)!.exported = true
    if (/-\w*r/.test(flags)) sh.vars.get(name)!.readonly = true
  })
}

export function* set(sh: Shell, argv: string[]): Sys<number> {
  const args = argv.slice(1)
  if (args.length === 0) return yield* listVars(sh, [...sh.vars.keys()].sort(), (k) => sh.get(k)!, SET)
  let k = 0
  for (; k < args.length; k++) {
    const a = args[k]!
    if (a === '--') {
      sh.positional = args.slice(k + 1)
      return 0
    }
    if (a === '-' ) {
      sh.opts.xtrace = false
      sh.positional = args.slice(k + 1)
      return 0
    }
    if (!/^[-+]/.test(a)) break
    const on = a[0] === '-'
    if (a.slice(1) === 'o') {
      const name = args[++k]
      if (name === undefined) return yield* print(sh, listSetOptions(sh, !on))
      if (!isSetOption(name)) return yield* fail(sh, invalidOptName(name))
      setSetOption(sh, name, on)
      continue
    }
    for (const f of a.slice(1)) {
      const key = FLAG_OPTIONS[f]
      if (key) setSetOption(sh, key, on)
      else if (!'Bmi'.includes(f)) {
        yield* fail(sh, `${a[0]}${f}: invalid option`, 2)
        return yield* usage(sh, 'set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]')
      }
    }
  }
  if (k < args.length) sh.positional = args.slice(k)
  return 0
}

export function* shift(sh: Shell, argv: string[]): Sys<number> {
  const n = argv[1] === undefined ? 1 : Number(argv[1])
  if (!Number.isInteger(n) || n < 0) return yield* fail(sh, `${argv[1]}: numeric argument required`)
  if (n > sh.positional.length) return 1
  sh.positional = sh.positional.slice(n)
  return 0
}
