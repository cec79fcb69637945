// execvp(3): search PATH for a command without a slash; returns -errno
// (execve only returns on failure). ENOENT from every directory gives ENOENT;
// EACCES from any directory wins, as glibc reports it.
import { E } from '../../../kernel-sim/abi/index.ts'
import { execve, getenv, type Sys } from '../../libc/index.ts'

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

export function* execvp(file: string, argv: readonly string[], envp: readonly string[]): Sys<number> {
  if (file === '') return -E.ENOENT
  if (file.includes('/')) return yield* execve(file, argv, envp)
  const path = getenv(envp, 'PATH') ?? DEFAULT_PATH
  let sawEacces = false
  let last = -E.ENOENT
  for (const dir of path.split(':')) {
    const r = yield* execve(`${dir === '' ? '.' : dir}/${file}`, argv, envp)
    if (r === -E.EACCES) sawEacces = true
    else if (r !== -E.ENOENT && r !== -E.ENOTDIR) last = r
    if (r !== -E.ENOENT && r !== -E.ENOTDIR && r !== -E.EACCES) return r
  }
  return sawEacces ? -E.EACCES : last
}
