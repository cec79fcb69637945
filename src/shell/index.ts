// bash: the entry point. `bash -c CMDS [arg0 args]`, `bash SCRIPT [args]`,
// `bash -i` / a tty on stdin (interactive, with job control and prompts), or
// a script read from stdin a line at a time (stdin-script.ts).
import type { ProgramMain } from '../../kernel-sim/abi/index.ts'
import { ExitSignal, Shell, type Interp } from './shell.ts'
import { ForkFailed } from './fork.ts'
import { runScriptText } from './run.ts'
import { execCommand } from './exec.ts'
import { BUILTINS } from './builtins/index.ts'
import { runStdinScript } from './stdin-script.ts'
import { interactiveLoop, setupInteractive } from './interactive.ts'
import { readFile } from './command.ts'
import { err, getcwd, getenv, getpid, getresuid, uname, out, type Sys } from '../libc/index.ts'
import { strerror } from '../../kernel-sim/abi/index.ts'
import { isatty } from './tty.ts'
import { FLAG_OPTIONS, invalidOptName, isSetOption, setSetOption } from './setopts.ts'

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const VERSION = 'GNU bash, version 5.2.21(1)-release (x86_64-pc-linux-gnu)'

function* initEnv(sh: Shell, envp: readonly string[]): Sys<void> {
  for (const e of envp) {
    const eq = e.indexOf('=')
    if (eq > 0) sh.vars.set(e.slice(0, eq), { value: e.slice(eq + 1), exported: true })
  }
  sh.pid = yield* getpid()
  const [uid, euid] = yield* getresuid()
  const cwd = yield* getcwd()
  if (typeof cwd === 'string') sh.set('PWD', cwd, true)
  sh.set('SHLVL', String((Number(getenv(envp, 'SHLVL') ?? '0') || 0) + 1), true)
  if (sh.get('PATH') === undefined) sh.set('PATH', DEFAULT_PATH, true)
  if (sh.get('HOME') === undefined && uid === 0) sh.set('HOME', '/root')
  const u = yield* uname()
  sh.set('HOSTNAME', u.nodename)
  sh.set('BASH', '/bin/bash')
  sh.set('BASH_VERSION', '5.2.21(1)-release')
  sh.set('OPTIND', '1')
  sh.set('PS4', '+ ')
  sh.set('UID', String(uid))
  sh.set('EUID', String(euid))
  sh.vars.get('UID')!.readonly = true
  sh.vars.get('EUID')!.readonly = true
}

function* runExit(sh: Shell, body: () => Sys<number>): Sys<number> {
  let status: number
  try {
    status = yield* body()
  } catch (e) {
    if (e instanceof ExitSignal) status = e.status
    else if (e instanceof ForkFailed) status = 254
    else throw e
  }
  const trap = sh.traps.get('EXIT')
  if (trap) {
    sh.traps.delete('EXIT')
    sh.status = status
    try {
      yield* runScriptText(sh, trap, 'trap')
    } catch (e) {
      if (e instanceof ExitSignal) status = e.status
      else throw e
    }
  }
  return status & 0xff
}

/** The interpreter's entry points its parts call back into (see Interp). */
const INTERP: Interp = { runScriptText, execCommand, builtins: BUILTINS }

export const bashMain: ProgramMain = function* (argv, envp) {
  const sh = new Shell(INTERP)
  const name = (argv[0] ?? 'bash').split('/').pop()!
  sh.arg0 = name === 'sh' ? 'sh' : 'bash'
  sh.login = (argv[0] ?? '').startsWith('-') || argv[1] === '--login' || argv[1] === '-l'
  let command: string | null = null
  let forceInteractive = false
  let k = 1
  for (; k < argv.length; k++) {
    const a = argv[k]!
    if (a === '--version') {
      yield* out(VERSION + '\n')
      return 0
    }
    if (a === '--' || a === '-') {
      k++
      break
    }
    if (a.startsWith('--')) continue // --login --norc --noprofile --posix
    if (!/^[-+]/.test(a)) break
    const on = a[0] === '-' // bash +h: the set options, off
    for (const f of a.slice(1)) {
      if (f === 'c') command = ''
      else if (f === 'i') forceInteractive = true
      else if (f === 'o') {
        // shell.c: an unknown name is sh_invalidoptname's message and exit (EX_BADUSAGE)
        const name = argv[++k] ?? ''
        if (!isSetOption(name)) {
          yield* err(`${sh.arg0}: ${invalidOptName(name)}\n`)
          return 2
        }
        setSetOption(sh, name, on)
      } else if (FLAG_OPTIONS[f]) setSetOption(sh, FLAG_OPTIONS[f], on)
    }
  }
  yield* initEnv(sh, envp)
  if (command !== null) {
    command = argv[k] ?? null
    if (command === null) {
      yield* err(`${sh.arg0}: -c: option requires an argument\n`)
      return 2
    }
    if (argv[k + 1] !== undefined) sh.arg0 = argv[k + 1]!
    sh.positional = argv.slice(k + 2)
    sh.source = '-c'
    const src = command
    return yield* runExit(sh, () => runScriptText(sh, src, '-c'))
  }
  if (k < argv.length && !forceInteractive) {
    const path = argv[k]!
    const text = yield* readFile(path)
    if (typeof text === 'number') {
      yield* err(`${sh.arg0}: ${path}: ${strerror(-text)}\n`)
      return 127
    }
    sh.arg0 = path
    sh.source = null
    sh.positional = argv.slice(k + 1)
    return yield* runExit(sh, () => runScriptText(sh, text, null))
  }
  sh.positional = argv.slice(k)
  const tty = yield* isatty(0)
  if (forceInteractive || tty) {
    sh.source = null
    yield* setupInteractive(sh)
    return yield* runExit(sh, () => interactiveLoop(sh))
  }
  sh.source = null
  return yield* runExit(sh, () => runStdinScript(sh))
}
