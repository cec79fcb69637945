// id(1): real and effective user and group IDs, names from /etc/passwd and
// /etc/group. `uid=0(root) gid=0(root) groups=0(root)`.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { getgroups, getresgid, getresuid, out } from '../libc/index.ts'
import { has, parseOpts, quote, warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'
import { loadUserDb, type UserDb } from './lib/users.ts'

const LONG = [
  { name: 'user', hasArg: 'no', val: 'u' },
  { name: 'group', hasArg: 'no', val: 'g' },
  { name: 'groups', hasArg: 'no', val: 'G' },
  { name: 'name', hasArg: 'no', val: 'n' },
  { name: 'real', hasArg: 'no', val: 'r' },
] as const

export interface Ids {
  ruid: number
  euid: number
  rgid: number
  egid: number
  groups: number[]
}

/** The default `id` line. */
export function idLine(ids: Ids, db: UserDb): string {
  const u = (n: number) => `${n}${db.userName(n) !== undefined ? `(${db.userName(n)})` : ''}`
  const g = (n: number) => `${n}${db.groupName(n) !== undefined ? `(${db.groupName(n)})` : ''}`
  let s = `uid=${u(ids.ruid)} gid=${g(ids.rgid)}`
  if (ids.euid !== ids.ruid) s += ` euid=${u(ids.euid)}`
  if (ids.egid !== ids.rgid) s += ` egid=${g(ids.egid)}`
  const groups = [ids.egid, ...ids.groups.filter((x) => x !== ids.egid)]
  return `${s} groups=${groups.map(g).join(',')}`
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'ugGnr', long: LONG, usage: 'Usage: id [OPTION]... [USER]...\nPrint user and group information for each specified USER,\nor (when USER omitted) for the current process.' })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const db = yield* loadUserDb()
  let ids: Ids
  if (p.operands.length) {
    const who = db.user(p.operands[0]!)
    if (!who) {
      yield* warn(prog, `${quote(p.operands[0]!)}: no such user`)
      return 1
    }
    ids = { ruid: who.uid, euid: who.uid, rgid: who.gid, egid: who.gid, groups: db.groupsOf(who.name, who.gid) }
  } else {
    const [ruid, euid] = yield* getresuid()
    const [rgid, egid] = yield* getresgid()
    ids = { ruid, euid, rgid, egid, groups: yield* getgroups() }
  }
  const real = has(p, 'r')
  const name = has(p, 'n')
  const one = (n: number, label: string | undefined) => (name ? label ?? String(n) : String(n))
  if (has(p, 'u')) yield* out(one(real ? ids.ruid : ids.euid, db.userName(real ? ids.ruid : ids.euid)) + '\n')
  else if (has(p, 'g')) yield* out(one(real ? ids.rgid : ids.egid, db.groupName(real ? ids.rgid : ids.egid)) + '\n')
  else if (has(p, 'G')) {
    const gs = [ids.egid, ...ids.groups.filter((x) => x !== ids.egid)]
    yield* out(gs.map((x) => one(x, db.groupName(x))).join(' ') + '\n')
  } else if (name || real) {
    yield* warn(prog, 'cannot print only names or real IDs in default format')
    return 1
  } else yield* out(idLine(ids, db) + '\n')
  return 0
}

export const id: ProgramInfo = { name: 'id', path: '/usr/bin/id', description: 'print real and effective user and group IDs', main }
