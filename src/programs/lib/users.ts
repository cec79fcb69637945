// The user and group databases (/etc/passwd, /etc/group) read as files,
// as glibc's "files" NSS module does. Names are optional: tools fall back to
// printing numbers when a uid has no entry.
import type { Sys } from '../../libc/index.ts'
import { lines, readFile } from './io.ts'

export interface PasswdEntry {
  name: string
  uid: number
  gid: number
  home: string
  shell: string
}
export interface GroupEntry {
  name: string
  gid: number
  members: string[]
}

export function parsePasswd(text: string): PasswdEntry[] {
  return lines(text)
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 7)
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]! }))
}

export function parseGroup(text: string): GroupEntry[] {
  return lines(text)
    .map((l) => l.split(':'))
    .filter((f) => f.length >= 4)
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: f[3] ? f[3].split(',') : [] }))
}

export class UserDb {
  constructor(readonly passwd: PasswdEntry[], readonly groups: GroupEntry[]) {}
  userName = (uid: number) => this.passwd.find((p) => p.uid === uid)?.name
  groupName = (gid: number) => this.groups.find((g) => g.gid === gid)?.name
  user = (nameOrUid: string) =>
    this.passwd.find((p) => p.name === nameOrUid) ??
    (/^\d+$/.test(nameOrUid) ? this.passwd.find((p) => p.uid === Number(nameOrUid)) : undefined)
  group = (nameOrGid: string) =>
    this.groups.find((g) => g.name === nameOrGid) ??
    (/^\d+$/.test(nameOrGid) ? this.groups.find((g) => g.gid === Number(nameOrGid)) : undefined)
  /** initgroups(3): the primary group plus every group listing the user. */
  groupsOf = (name: string, primary: number) => [
    primary,
    ...this.groups.filter((g) => g.members.includes(name) && g.gid !== primary).map((g) => g.gid),
  ]
  /** Name, or the number as text (ls -l, ps). */
  userLabel = (uid: number) => this.userName(uid) ?? String(uid)
  groupLabel = (gid: number) => this.groupName(gid) ?? String(gid)
}

export function* loadUserDb(): Sys<UserDb> {
  const p = yield* readFile('/etc/passwd')
  const g = yield* readFile('/etc/group')
  return new UserDb(typeof p === 'string' ? parsePasswd(p) : [], typeof g === 'string' ? parseGroup(g) : [])
}
