// hash [-lr] [-p pathname] [-dt] [name ...] (bash(1) SHELL BUILTIN COMMANDS,
// bash 5.2's builtins/hash.def): shows and edits the table of remembered
// command paths that the command search uses (findcmd.ts).
import type { Shell } from '../shell.ts'
import { stat, type Sys } from '../../libc/index.ts'
import { S_IFDIR, S_IFMT, strerror, E } from '../../../kernel-sim/abi/index.ts'
import { searchPath } from '../findcmd.ts'
import { builtinOpts, fail, print, put } from './util.ts'

const USAGE = 'hash [-lr] [-p pathname] [-dt] [name ...]'

/** printable_filename(name, 1): a name with shell metacharacters in single quotes (sh_single_quote). */
const printable = (s: string) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

export function* hash(sh: Shell, argv: string[]): Sys<number> {
  // hash.def: before its options are read, `set +h` makes every use of hash an error
  if (!sh.hash.enabled) return yield* fail(sh, 'hashing disabled')
  const o = yield* builtinOpts(sh, argv, 'dlp:rt', USAGE)
  if (typeof o === 'number') return o
  const [del, portable, expunge, targets] = ['d', 'l', 'r', 't'].map((f) => o.opts.has(f))
  const pathname = o.opts.get('p')
  const names = o.operands
  if (names.length === 0 && (del || targets)) return yield* fail(sh, `${del ? '-d' : '-t'}: option requires an argument`)
  if (names.length === 0 && !expunge) {
    const rows = sh.hash.list()
    // bash 5.2 (compat level 52): `hash -l` prints nothing for an empty table, `hash` says so (on stdout)
    if (rows.length === 0) return portable ? 0 : yield* print(sh, `${sh.builtinName}: hash table empty\n`)
    if (portable) return yield* print(sh, rows.map(([name, path]) => `builtin hash -p ${printable(path)} ${printable(name)}\n`).join(''))
    return yield* print(sh, `hits\tcommand\n${rows.map(([, path, hits]) => `${String(hits).padStart(4)}\t${path}\n`).join('')}`)
  }
  if (expunge) sh.hash.flush()
  if (targets) {
    // list_hashed_filename_targets: a lookup counts a hit; NAME and a tab before each path when several are asked.
    // It does not call sh_chkwrite: a failed write is purged unseen.
    let out = ''
    let status = 0
    for (const name of names) {
      const path = sh.hash.search(name)
      if (path === undefined) {
        yield* put(out)
        out = ''
        yield* fail(sh, `${name}: not found`)
        status = 1
      } else if (portable) out += `builtin hash -p ${path} ${name}\n`
      else out += `${names.length > 1 ? `${name}\t` : ''}${path}\n`
    }
    yield* put(out)
    return status
  }
  let status = 0
  for (const name of names) {
    if (name.includes('/')) continue // absolute_program(): a name with a slash is never hashed
    if (pathname !== undefined) {
      const st = yield* stat(pathname)
      if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR) {
        yield* fail(sh, `${pathname}: ${strerror(E.EISDIR)}`)
        status = 1
      } else sh.hash.insert(name, pathname, 0)
    } else if (del) {
      if (!sh.hash.remove(name)) status = yield* fail(sh, `${name}: not found`)
    } else if (!(yield* addHashed(sh, name))) status = yield* fail(sh, `${name}: not found`)
  }
  return status
}

/**
 * add_hashed_command: a function or builtin NAME is left alone; otherwise
 * NAME is searched in $PATH afresh and remembered with no hits, if what is
 * found is executable. False when it is not found.
 */
function* addHashed(sh: Shell, name: string): Sys<boolean> {
  if (sh.funcs.has(name) || sh.interp.builtins.has(name)) return true
  sh.hash.remove(name)
  const found = yield* searchPath(name, sh.get('PATH') ?? '')
  if (found.path === null || !found.executable) return false
  if (found.hashable) sh.hash.insert(name, found.path, 0)
  return true
}
