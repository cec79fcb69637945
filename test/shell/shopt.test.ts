// shopt [-pqsu] [-o] [optname ...] (bash(1) SHELL BUILTIN COMMANDS; bash 5.2's builtins/shopt.def)
// and set -o / set +o (builtins/set.def): listings in OPTFMT "%-15s\t%s", -p as commands that
// restore the settings, -q only a status, and the errors' texts.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('shopt', () => {
  it('lists, queries (status 1 if an option is off), sets and unsets; -p prints shopt commands, -q only the status', () => {
    const r = run('shopt; shopt checkhash; echo "st=$?"; shopt -s checkhash; shopt -q checkhash; echo "st=$?"; shopt -p checkhash; shopt -s; shopt -u; shopt -u checkhash; shopt -p')
    expect(r.stdout).toBe('checkhash      \toff\ncheckhash      \toff\nst=1\nst=0\nshopt -s checkhash\ncheckhash      \ton\nshopt -u checkhash\n')
    expect(r.stderr).toBe('')
  })
  it('-o works on the set -o options: listing (-p as set commands), querying, setting', () => {
    const r = run('shopt -o hashall; shopt -uo hashall; echo $-; shopt -qo hashall; echo "st=$?"; shopt -so hashall; shopt -po hashall errexit; echo "st=$?"')
    expect(r.stdout).toBe('hashall        \ton\nBc\nst=1\nset -o hashall\nset +o errexit\nst=1\n')
  })
  it('errors: an unknown name, -s with -u, a bad option; one of bash\'s options the shell does not model says so', () => {
    const r = run('shopt -s bogus; echo "st=$?"; shopt -su checkhash; echo "st=$?"; shopt -x; echo "st=$?"; shopt -o nope; echo "st=$?"; shopt nullglob; echo "st=$?"')
    expect(r.stdout).toBe('st=1\nst=1\nst=2\nst=1\nst=1\n')
    expect(r.stderr).toBe('bash: line 1: shopt: bogus: invalid shell option name\n' +
      'bash: line 1: shopt: cannot set and unset shell options simultaneously\n' +
      'bash: line 1: shopt: -x: invalid option\nshopt: usage: shopt [-pqsu] [-o] [optname ...]\n' +
      'bash: line 1: shopt: nope: invalid option name\n' +
      'bash: line 1: shopt: nullglob: not modelled by this shell (bash 5.2 has it)\n')
  })
  it('a subshell inherits the options (fork)', () => {
    expect(run('shopt -s checkhash; (shopt -q checkhash); echo "st=$?"').stdout).toBe('st=0\n')
  })
  it('is a builtin, and its listing fails like the other builtins on a full device', () => {
    const r = run('type shopt; shopt > /dev/full; echo "st=$?"')
    expect(r.stdout).toBe('shopt is a shell builtin\nst=1\n')
    expect(r.stderr).toBe('bash: line 1: shopt: write error: No space left on device\n')
  })
})

describe('set -o / set +o and $-', () => {
  it('set -o lists the options in bash\'s (alphabetical) order; set +o prints the set commands that restore them', () => {
    const r = run('set -o errexit; set -o; set +o')
    const names = ['errexit', 'hashall', 'noclobber', 'noglob', 'nounset', 'pipefail', 'xtrace']
    const on = new Set(['errexit', 'hashall'])
    expect(r.stdout).toBe(names.map((n) => `${n.padEnd(15)}\t${on.has(n) ? 'on' : 'off'}\n`).join('') +
      names.map((n) => `set ${on.has(n) ? '-' : '+'}o ${n}\n`).join(''))
  })
  it('an unknown name: "invalid option name" (one of bash\'s the shell does not model says so); bash -o NAME at start-up exits 2 (shell.c: EX_BADUSAGE)', () => {
    const r = run('set -o nope; echo "st=$?"; set -o posix; echo "st=$?"; bash -o nope -c \'echo no\'; echo "st=$?"; bash -o pipefail -c \'shopt -qo pipefail\'; echo "st=$?"')
    expect(r.stdout).toBe('st=1\nst=1\nst=2\nst=0\n')
    expect(r.stderr).toBe('bash: line 1: set: nope: invalid option name\nbash: line 1: set: posix: not modelled by this shell (bash 5.2 has it)\nbash: nope: invalid option name\n')
  })
  it('$- has the flags in the order of bash\'s flags.c (which_set_flags), then c', () => {
    const r = run('echo $-; set -fuCe; echo $-; set +fuCe; bash -xc \'echo $-\' 2>/dev/null')
    expect(r.stdout).toBe('hBc\nefhuBCc\nhxBc\n')
  })
})
