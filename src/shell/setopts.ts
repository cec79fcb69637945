// The options `set -o NAME` and `shopt -o NAME` turn on and off (bash's
// builtins/set.def o_options), as far as the shell models them. Each has a
// flag letter too (`set -e`), except pipefail. hashall is the command hash
// table's own switch (hashcmd.ts), the others live in Shell.opts.
import type { Shell } from './shell.ts'

/** bash lists them alphabetically (`set -o`). SIMPLIFICATION: options the shell does not model are not listed. */
export const SET_O_OPTIONS = ['errexit', 'hashall', 'noclobber', 'noglob', 'nounset', 'pipefail', 'xtrace'] as const
export type SetOption = (typeof SET_O_OPTIONS)[number]

/** set's flag letters for them (flags.c shell_flags). */
export const FLAG_OPTIONS: Readonly<Record<string, SetOption>> = { e: 'errexit', f: 'noglob', h: 'hashall', u: 'nounset', x: 'xtrace', C: 'noclobber' }

export const isSetOption = (name: string): name is SetOption => (SET_O_OPTIONS as readonly string[]).includes(name)

/** bash 5.2's other set -o options (o_options), so that using one is not called a typo. */
const UNMODELLED = new Set(('allexport braceexpand emacs errtrace functrace histexpand history ignoreeof interactive-comments keyword ' +
  'monitor noexec nolog notify onecmd physical posix privileged verbose vi').split(' '))

/** sh_invalidoptname's text for a name that is no option here; one of bash's the shell does not model says so. */
export const invalidOptName = (name: string) => (UNMODELLED.has(name) ? `${name}: not modelled by this shell (bash 5.2 has it)` : `${name}: invalid option name`)

export function getSetOption(sh: Shell, name: SetOption): boolean {
  return name === 'hashall' ? sh.hash.enabled : sh.opts[name]
}

export function setSetOption(sh: Shell, name: SetOption, on: boolean): void {
  if (name === 'hashall') sh.hash.enabled = on
  else sh.opts[name] = on
}

/** `set -o` (MINUS_O_FORMAT "%-15s\t%s") or, with `set +o`, commands that restore them. */
export function listSetOptions(sh: Shell, asCommands: boolean): string {
  return SET_O_OPTIONS.map((n) => {
    const on = getSetOption(sh, n)
    return asCommands ? `set ${on ? '-' : '+'}o ${n}\n` : `${n.padEnd(15)}\t${on ? 'on' : 'off'}\n`
  }).join('')
}
