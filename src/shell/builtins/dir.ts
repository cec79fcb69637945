// cd, pwd, umask.
import type { Shell } from '../shell.ts'
import { chdir, getcwd, stat, umask, type Sys } from '../../libc/index.ts'
import { strerror } from '../../../kernel-sim/abi/index.ts'
import { fail, print, usage } from './util.ts'

export function* cd(sh: Shell, argv: string[]): Sys<number> {
  const args = argv.slice(1).filter((a) => a !== '-L' && a !== '-P' && a !== '--')
  if (args.length > 1) return yield* fail(sh, 'too many arguments')
  let dir: string | undefined = args[0]
  let show = false
  if (dir === undefined) {
    dir = sh.get('HOME')
    if (dir === undefined) return yield* fail(sh, 'HOME not set')
  } else if (dir === '-') {
    dir = sh.get('OLDPWD')
    if (dir === undefined) return yield* fail(sh, 'OLDPWD not set')
    show = true
  }
  if (dir === '') return 0
  const r = yield* chdir(dir)
  if (r < 0) return yield* fail(sh, `${dir}: ${strerror(-r)}`)
  // SIMPLIFICATION: PWD is the physical path from getcwd(), not bash's logical path
  const cwd = yield* getcwd()
  const old = sh.get('PWD')
  if (old !== undefined) sh.set('OLDPWD', old)
  if (typeof cwd === 'string') sh.set('PWD', cwd)
  if (show) return yield* print(sh, (sh.get('PWD') ?? dir) + '\n')
  return 0
}

export function* pwd(sh: Shell, argv: string[]): Sys<number> {
  const p = sh.get('PWD')
  if (p && !argv.includes('-P')) {
    const a = yield* stat(p)
    const b = yield* stat('.')
    if (typeof a !== 'number' && typeof b !== 'number' && a.ino === b.ino && a.dev === b.dev) return yield* print(sh, p + '\n')
  }
  const cwd = yield* getcwd()
  if (typeof cwd === 'number') return yield* fail(sh, `error retrieving current directory: getcwd: cannot access parent directories: ${strerror(-cwd)}`)
  return yield* print(sh, cwd + '\n')
}

export function* umaskB(sh: Shell, argv: string[]): Sys<number> {
  let args = argv.slice(1)
  let sym = false
  if (args[0] === '-S') {
    sym = true
    args = args.slice(1)
  } else if (args[0] === '-p') args = args.slice(1)
  if (args.length === 0) {
    const cur = yield* umask(0)
    yield* umask(cur)
    if (!sym) return yield* print(sh, cur.toString(8).padStart(4, '0') + '\n')
    const perm = (shift: number) => { const b = (~cur >> shift) & 7; return (b & 4 ? 'r' : '') + (b & 2 ? 'w' : '') + (b & 1 ? 'x' : '') }
    return yield* print(sh, `u=${perm(6)},g=${perm(3)},o=${perm(0)}\n`)
  }
  if (!/^[0-7]{1,4}$/.test(args[0]!)) {
    if (/^[0-9]+$/.test(args[0]!)) return yield* fail(sh, `${args[0]}: octal number out of range`)
    yield* fail(sh, `${args[0]}: invalid symbolic mode operator`)
    return yield* usage(sh, 'umask [-p] [-S] [mode]', 1)
  }
  yield* umask(parseInt(args[0]!, 8))
  return 0
}
