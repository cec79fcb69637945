// dockerd --userns-remap (docs.docker.com/engine/security/userns-remap/): every
// container gets a user namespace whose uid 0 is the first id of a subordinate
// range of the host (/etc/subuid, /etc/subgid). With "default" Docker creates the
// user and group dockremap and uses its range. Container root is then an
// unprivileged uid on the host: its files there are owned by 100000, and what it
// reaches of the host's (a leaked cwd, /proc/PID/exe of a host binary) it can
// only open as that uid.
import { E, S_IFDIR, S_IFLNK, S_IFMT } from '../../kernel-sim/abi/index.ts'
import { chown, lstat, stat, type Sys } from '../libc/index.ts'
import { readFile } from '../programs/lib/io.ts'
import { readDir } from '../programs/lib/fs.ts'
import { writeFile } from './fsutil.ts'

export interface Remap {
  user: string
  /** First host uid/gid of the range: container id 0. */
  uid: number
  gid: number
  size: number
}

/** The daemon's setting: `--userns-remap=VALUE` / `--userns-remap VALUE`, else daemon.json's "userns-remap". */
export function* remapSetting(argv: readonly string[]): Sys<string | undefined> {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i]!.startsWith('--userns-remap=')) return argv[i]!.slice('--userns-remap='.length)
    if (argv[i] === '--userns-remap') return argv[i + 1]
  }
  const json = yield* readFile('/etc/docker/daemon.json')
  if (typeof json !== 'string') return undefined
  try {
    const v = (JSON.parse(json) as Record<string, unknown>)['userns-remap']
    return typeof v === 'string' && v !== '' ? v : undefined
  } catch {
    return undefined
  }
}

/** Docker's default user and the first range useradd gives on a fresh Debian host. */
const DEFAULT_USER = 'dockremap'
const FIRST = 100000
const SIZE = 65536

/**
 * The range for `setting` ("default" or a user name): "default" creates dockremap (a system user,
 * no login) and its /etc/subuid and /etc/subgid lines if missing. An error text if a named user has none.
 */
export function* setupRemap(setting: string): Sys<Remap | string> {
  const user = setting === 'default' ? DEFAULT_USER : setting.split(':')[0]!
  if (setting === 'default') {
    yield* addLine('/etc/passwd', user, `${user}:x:999:999::/home/${user}:/bin/false`)
    yield* addLine('/etc/group', user, `${user}:x:999:`)
    yield* addLine('/etc/subuid', user, `${user}:${FIRST}:${SIZE}`)
    yield* addLine('/etc/subgid', user, `${user}:${FIRST}:${SIZE}`)
  }
  const uid = yield* rangeOf('/etc/subuid', user)
  const gid = yield* rangeOf('/etc/subgid', user)
  if (!uid || !gid) return `can't create ID mappings: no subuid ranges found for user "${user}"`
  return { user, uid: uid[0], gid: gid[0], size: Math.min(uid[1], gid[1]) }
}

function* addLine(path: string, user: string, line: string): Sys<void> {
  const text = yield* readFile(path)
  const have = typeof text === 'string' ? text : ''
  if (have.split('\n').some((l) => l.startsWith(`${user}:`))) return
  yield* writeFile(path, `${have}${have && !have.endsWith('\n') ? '\n' : ''}${line}\n`, 0o644)
}

function* rangeOf(path: string, user: string): Sys<[number, number] | undefined> {
  const text = yield* readFile(path)
  if (typeof text !== 'string') return undefined
  for (const l of text.split('\n')) {
    const [u, start, count] = l.split(':')
    if (u === user && /^\d+$/.test(start ?? '') && /^\d+$/.test(count ?? '')) return [Number(start), Number(count)]
  }
  return undefined
}

/**
 * The container's layers owned by the range: ids below its size move up by its first id, as
 * Docker's remapped image store (/var/lib/docker/100000.100000/) holds them. Ids already in the
 * range stay. SIMPLIFICATION: the layers are remapped where they are, not copied into a second store.
 */
export function* remapTree(path: string, r: Remap): Sys<number> {
  const st = yield* lstat(path)
  if (typeof st === 'number') return st === -E.ENOENT ? 0 : st
  const type = st.mode & S_IFMT
  if (type === S_IFLNK) {
    // The layer links (overlay2/l/*) lead to the directories to remap; other symlinks keep their owner.
    const t = yield* stat(path)
    return typeof t === 'object' && (t.mode & S_IFMT) === S_IFDIR && path.includes('/overlay2/l/') ? yield* remapTree(`${path}/`, r) : 0
  }
  if (st.uid < r.size || st.gid < r.size) {
    const c = yield* chown(path, st.uid < r.size ? st.uid + r.uid : st.uid, st.gid < r.size ? st.gid + r.gid : st.gid)
    if (c < 0) return c
  }
  if (type !== S_IFDIR) return 0
  const ents = yield* readDir(path)
  if (typeof ents === 'number') return ents
  for (const e of ents) {
    const c = yield* remapTree(`${path.replace(/\/$/, '')}/${e.name}`, r)
    if (c < 0) return c
  }
  return 0
}

/** The uid_map/gid_map line the shim writes for the container's init: "0 100000 65536". */
export const mapLine = (first: number, size: number) => `0 ${first} ${size}\n`
