// Finding an external command, as bash's findcmd.c does. bash(1)
// COMMAND EXECUTION: a name that is no function or builtin and has no slash
// is looked up in a hash table of remembered full paths first; only on a miss
// is $PATH searched (a stat(2) and an access(2) per directory), and the path
// found is remembered. Assigning PATH empties the table (variables.c sv_path).
// `set +h` turns the table off; `shopt -s checkhash` checks a remembered path
// still names an executable file before using it (bash(1) SHELL BUILTIN COMMANDS).
import type { Shell } from './shell.ts'
import { access, stat, type Sys } from '../libc/index.ts'
import { S_IFDIR, S_IFMT } from '../../kernel-sim/abi/index.ts'

/** What a $PATH search found: the path (null: nothing), whether it is executable, and whether it may be remembered. */
interface Found {
  path: string | null
  executable: boolean
  hashable: boolean
}

/**
 * bash's find_user_command_in_path (FS_EXEC_PREFERRED|FS_NODIRS): the first
 * executable `dir/name`, else the first file of that name that is not a
 * directory (executing it then fails with EACCES).
 *
 * SIMPLIFICATION: a hit in or after a relative directory of $PATH ('.', an
 * empty entry) is not remembered; bash remembers it with a flag and checks
 * ./NAME again at each lookup (HASH_RELPATH, HASH_CHKDOT).
 */
export function* searchPath(name: string, pathList: string): Sys<Found> {
  let first: Found | null = null
  let relative = false
  for (const d of pathList.split(':')) {
    if (!d.startsWith('/')) relative = true
    const p = `${d || '.'}/${name}`
    const st = yield* fileStatus(p)
    if (st === 'executable') return { path: p, executable: true, hashable: !relative }
    if (st === 'file') first ??= { path: p, executable: false, hashable: !relative }
  }
  return first ?? { path: null, executable: false, hashable: false }
}

/** bash's file_status: a directory or nothing is 'none'; else whether access(X_OK) lets it run. */
function* fileStatus(p: string): Sys<'none' | 'file' | 'executable'> {
  const st = yield* stat(p)
  if (typeof st === 'number' || (st.mode & S_IFMT) === S_IFDIR) return 'none'
  return (yield* access(p, 1)) === 0 ? 'executable' : 'file'
}

/** Finds a command in $PATH without the hash table (type -a, source, which bash does not hash for). */
export function* findInPath(sh: Shell, name: string): Sys<string | null> {
  return (yield* searchPath(name, sh.get('PATH') ?? '')).path
}

/**
 * bash's search_for_command with CMDSRCH_HASH, as execute_disk_command runs
 * it in the shell before it forks: the path to execve() for `name` (null: not
 * found). A name with a slash is its own path. PATH in the command's own
 * assignments (`PATH=/x cmd`) is searched without the table, and nothing is
 * remembered. A remembered path is used as it is, even if the file is gone
 * since (bash's default: checkhash off), as bash does: execve then fails
 * with the remembered path in the message. With checkhash on, a remembered
 * path that is no executable file any more is forgotten and $PATH searched
 * again, and only an executable file found there is remembered.
 */
export function* searchForCommand(sh: Shell, name: string, env: readonly string[] = []): Sys<string | null> {
  if (name.includes('/')) return name
  let tempPath: string | undefined
  for (const e of env) if (e.startsWith('PATH=')) tempPath = e.slice(5)
  if (tempPath !== undefined) return (yield* searchPath(name, tempPath)).path
  const checkhash = sh.shopt.checkhash
  const hashed = sh.hash.search(name)
  if (hashed !== undefined) {
    if (!checkhash || (yield* fileStatus(hashed)) === 'executable') return hashed
    sh.hash.remove(name)
  }
  const found = yield* searchPath(name, sh.get('PATH') ?? '')
  if (found.path !== null && found.hashable && (found.executable || !checkhash)) sh.hash.insert(name, found.path, 1)
  return found.path
}
