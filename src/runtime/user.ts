// The container process's credentials from `--user` and `--group-add`, as moby
// resolves them (daemon/oci_linux.go getUser → runc's user.GetExecUserPath, read
// from the container's own /etc/passwd and /etc/group): "name", "uid",
// "name:group", "uid:gid"; a uid with no passwd entry gets gid 0. The
// supplementary groups REPLACE the caller's: [gid] + the groups that list the
// user (only when no group was given) + --group-add (names or numbers). runc
// then calls setgroups(2) with them before setresgid/setresuid.
// SIMPLIFICATION: resolved by the container's init after pivot_root (dockerd reads the
// files from the rootfs before start), so an unknown user is reported wrapped as
// runc's error ("... unable to start container process: unable to find user ...").
import { setgroups, type Sys } from '../libc/index.ts'
import { readFile } from '../programs/lib/io.ts'

const rows = (text: string | number) => (typeof text === 'string' ? text.split('\n').filter(Boolean).map((l) => l.split(':')) : [])

/** Resolves the user and sets the supplementary groups: {uid, gid}, or the error runc reports. */
/** runc's minID..maxID for uids and gids (math.MaxInt32), and its ErrRange. */
const MAX_ID = 2 ** 31 - 1
const RANGE = `uids and gids must be in range 0-${MAX_ID}`

export function* execUser(spec: string, groupAdd: readonly string[]): Sys<{ uid: number; gid: number } | { error: string }> {
  const passwd = rows(yield* readFile('/etc/passwd'))
  const group = rows(yield* readFile('/etc/group'))
  const [u = '', g] = spec.split(':')
  let uid = 0, gid = 0, name = 'root'
  if (u !== '') {
    const byName = passwd.find((p) => p[0] === u)
    const byId = /^\d+$/.test(u) ? passwd.find((p) => p[2] === u) : undefined
    const p = byName ?? byId
    if (p) {
      uid = Number(p[2])
      gid = Number(p[3])
      name = p[0]!
    } else if (/^\d+$/.test(u)) {
      uid = Number(u)
      name = ''
      // runc libcontainer/user GetExecUser: a numeric uid outside 0..2^31-1 is ErrRange.
      if (uid > MAX_ID) return { error: RANGE }
    } else return { error: `unable to find user ${u}: no matching entries in passwd file` }
  } else {
    const root = passwd.find((p) => p[2] === '0')
    gid = root ? Number(root[3]) : 0
  }
  if (g !== undefined && g !== '') {
    const byName = group.find((r) => r[0] === g)
    if (byName) gid = Number(byName[2])
    else if (/^\d+$/.test(g)) {
      gid = Number(g)
      if (gid > MAX_ID) return { error: RANGE }
    }
    else return { error: `unable to find group ${g}: no matching entries in group file` }
  }
  const groups = [gid]
  // Supplementary groups from /etc/group only in the implicit form (no ":group").
  if (g === undefined && name) for (const r of group) if ((r[3] ?? '').split(',').includes(name)) groups.push(Number(r[2]))
  for (const a of groupAdd) {
    const r = group.find((x) => x[0] === a)
    if (r) groups.push(Number(r[2]))
    else if (/^\d+$/.test(a)) groups.push(Number(a))
    else return { error: `Unable to find group ${a}: no matching entries in group file` }
  }
  const s = yield* setgroups([...new Set(groups)])
  if (s < 0) return { error: `setgroups: errno ${-s}` }
  return { uid, gid }
}
