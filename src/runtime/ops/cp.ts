// docker cp's two daemon ends (GET and PUT /containers/{id}/archive): read a
// path of the container's root filesystem as entries, or write entries there.
// Paths are resolved inside the rootfs the way moby's FollowSymlinkInScope
// does: a symlink in the container is followed relative to the container's
// root, never out of it onto the host (CVE-2018-15664 was about this).
import { S_IFDIR, S_IFLNK, S_IFMT } from '../../../kernel-sim/abi/index.ts'
import { lstat, readlink, type Sys } from '../../libc/index.ts'
import { findContainer } from '../store.ts'
import { readTree, writeTree } from './tree.ts'
import type { Handler, Handlers } from './types.ts'

/** `path` inside `root` with every symlink resolved within root; the host path. */
export function* inScope(root: string, path: string): Sys<string> {
  const todo = path.split('/').filter(Boolean)
  const done: string[] = []
  for (let hops = 0; todo.length > 0;) {
    const part = todo.shift()!
    if (part === '.') continue
    if (part === '..') {
      done.pop()
      continue
    }
    const host = `${root}/${[...done, part].join('/')}`
    const st = yield* lstat(host)
    if (typeof st !== 'number' && (st.mode & S_IFMT) === S_IFLNK && hops++ < 40 && todo.length > 0) {
      const t = yield* readlink(host)
      if (typeof t === 'string') {
        if (t.startsWith('/')) done.length = 0
        todo.unshift(...t.split('/').filter(Boolean))
        continue
      }
    }
    done.push(part)
  }
  return `${root}/${done.join('/')}`.replace(/\/$/, '') || root
}

const notFound = (path: string, ref: string) => ({ t: 'error', error: `Could not find the file ${path} in container ${ref}` }) as const

const get: Handler<'container.archive.get'> = function* (d, m, reply) {
  const ref = m.ref, path = m.path
  const c = findContainer(d.containers.values(), ref)
  if (!c) {
    yield* reply({ t: 'error', error: `No such container: ${ref}` })
    return
  }
  const entries = yield* readTree(yield* inScope(c.rootfs, path))
  yield* reply(typeof entries === 'number' ? notFound(path, ref) : { t: 'ok', entries })
}

/** Into an existing directory under the item's own name, else at the path itself (its parent must exist). */
const put: Handler<'container.archive.put'> = function* (d, m, reply) {
  const ref = m.ref, path = m.path
  const c = findContainer(d.containers.values(), ref)
  if (!c) {
    yield* reply({ t: 'error', error: `No such container: ${ref}` })
    return
  }
  const host = yield* inScope(c.rootfs, path)
  const st = yield* lstat(host)
  const isDir = typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR
  if (typeof st === 'number' && path.endsWith('/')) {
    yield* reply(notFound(path, ref))
    return
  }
  const dest = isDir && !m.contentsOnly ? `${host}/${m.name}` : host
  const r = yield* writeTree(dest, m.entries)
  yield* reply(r < 0 ? notFound(path, ref) : { t: 'ok' })
}

export const CP_OPS: Handlers<'container.archive.get' | 'container.archive.put'> = { 'container.archive.get': get, 'container.archive.put': put }
