// shopt [-pqsu] [-o] [optname ...] (bash(1) SHELL BUILTIN COMMANDS, bash 5.2's
// builtins/shopt.def): shows and sets the shell's optional behaviours; with -o,
// the options of `set -o` (setopts.ts).
// SIMPLIFICATION: of bash's shopt options only those the shell models are
// listed and can be set (checkhash); any other of bash's names says so.
import type { Shell, Shopts } from '../shell.ts'
import type { Sys } from '../../libc/index.ts'
import { getSetOption, invalidOptName, isSetOption, listSetOptions, SET_O_OPTIONS, setSetOption } from '../setopts.ts'
import { builtinOpts, fail, print } from './util.ts'

const USAGE = 'shopt [-pqsu] [-o] [optname ...]'

/** The options the shell models, in bash's order (shopt_vars is alphabetical). */
const MODELLED: readonly (keyof Shopts)[] = ['checkhash']

/** bash 5.2's other shopt options (shopt_vars), so that using one is not called a typo. */
const UNMODELLED = new Set(('autocd assoc_expand_once cdable_vars cdspell checkjobs checkwinsize cmdhist compat31 compat32 compat40 ' +
  'compat41 compat42 compat43 compat44 complete_fullquote direxpand dirspell dotglob execfail expand_aliases extdebug extglob ' +
  'extquote failglob force_fignore globasciiranges globskipdots globstar gnu_errfmt histappend histreedit histverify hostcomplete ' +
  'huponexit inherit_errexit interactive_comments lastpipe lithist localvar_inherit localvar_unset login_shell mailwarn ' +
  'no_empty_cmd_completion nocaseglob nocasematch noexpand_translation nullglob patsub_replacement progcomp progcomp_alias ' +
  'promptvars restricted_shell shift_verbose sourcepath syslog_history varredir_close xpg_echo').split(' '))

const isModelled = (name: string): name is keyof Shopts => (MODELLED as readonly string[]).includes(name)

/** print_shopt: OPTFMT "%-15s\t%s", or with -p a command that restores it. */
const shoptLine = (name: string, on: boolean, p: boolean) => (p ? `shopt ${on ? '-s' : '-u'} ${name}\n` : `${name.padEnd(15)}\t${on ? 'on' : 'off'}\n`)
const setOLine = (name: string, on: boolean, p: boolean) => (p ? `set ${on ? '-' : '+'}o ${name}\n` : `${name.padEnd(15)}\t${on ? 'on' : 'off'}\n`)

export function* shopt(sh: Shell, argv: string[]): Sys<number> {
  const got = yield* builtinOpts(sh, argv, 'psuoq', USAGE)
  if (typeof got === 'number') return got
  const [p, s, u, o, q] = ['p', 's', 'u', 'o', 'q'].map((f) => got.opts.has(f))
  const names = got.operands
  if (s && u) return yield* fail(sh, 'cannot set and unset shell options simultaneously')

  if (o) {
    if (!s && !u) {
      // list_shopt_o_options: every set -o option, or the named ones (status 1 if one is off)
      if (names.length === 0) return q ? 0 : yield* print(sh, listSetOptions(sh, p))
      let status = 0
      let text = ''
      for (const n of names) {
        if (!isSetOption(n)) {
          status = yield* fail(sh, invalidOptName(n))
          continue
        }
        const on = getSetOption(sh, n)
        if (!on) status = 1
        if (!q) text += setOLine(n, on, p)
      }
      return (yield* print(sh, text)) || status
    }
    if (names.length === 0) {
      // list_some_o_options: those on (-s) or off (-u)
      if (q) return 0
      return yield* print(sh, SET_O_OPTIONS.filter((n) => getSetOption(sh, n) === s).map((n) => setOLine(n, s, p)).join(''))
    }
    let status = 0
    for (const n of names) {
      if (isSetOption(n)) setSetOption(sh, n, s)
      else status = yield* fail(sh, invalidOptName(n))
    }
    return status
  }

  if (names.length && (s || u)) {
    // toggle_shopts
    let status = 0
    for (const n of names) {
      if (isModelled(n)) sh.shopt[n] = s
      else status = yield* unknown(sh, n)
    }
    return status
  }
  if (s || u) {
    // list_some_shopts
    if (q) return 0
    return yield* print(sh, MODELLED.filter((n) => sh.shopt[n] === s).map((n) => shoptLine(n, s, p)).join(''))
  }
  // list_shopts: all, or the named ones (status 1 if one is off)
  if (names.length === 0) return q ? 0 : yield* print(sh, MODELLED.map((n) => shoptLine(n, sh.shopt[n], p)).join(''))
  let status = 0
  let text = ''
  for (const n of names) {
    if (!isModelled(n)) {
      status = yield* unknown(sh, n)
      continue
    }
    if (!sh.shopt[n]) status = 1
    if (!q) text += shoptLine(n, sh.shopt[n], p)
  }
  return (yield* print(sh, text)) || status
}

/** shopt_error: "invalid shell option name"; one of bash's the shell does not model is said to be that. */
function* unknown(sh: Shell, name: string): Sys<number> {
  return yield* fail(sh, UNMODELLED.has(name) ? `${name}: not modelled by this shell (bash 5.2 has it)` : `${name}: invalid shell option name`)
}
