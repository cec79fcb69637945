// setpriv(1) (util-linux): run a program with different uid/gid, groups,
// no_new_privs, inheritable capabilities or bounding set. Changes are made in
// util-linux's order (groups, gid, uid, nnp, caps), then execvp.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { CAP_LAST_CAP, CAPS, capBit, capHas, E, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, strerror } from '../../kernel-sim/abi/index.ts'
import { capget, capset, getgroups, getresgid, getresuid, out, prctl, setgroups, setresgid, setresuid, type Sys } from '../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from './lib/cmd.ts'
import { execvp } from './lib/exec.ts'
import { loadUserDb } from './lib/users.ts'

const LONG = [
  { name: 'reuid', hasArg: 'required', val: 'U' },
  { name: 'regid', hasArg: 'required', val: 'G' },
  { name: 'clear-groups', hasArg: 'no', val: 'C' },
  { name: 'keep-groups', hasArg: 'no', val: 'K' },
  { name: 'init-groups', hasArg: 'no', val: 'I' },
  { name: 'groups', hasArg: 'required', val: 'g' },
  { name: 'no-new-privs', hasArg: 'no', val: 'N' },
  { name: 'inh-caps', hasArg: 'required', val: 'i' },
  { name: 'bounding-set', hasArg: 'required', val: 'b' },
  { name: 'dump', hasArg: 'no', val: 'd' },
] as const

const USAGE = 'Usage:\n setpriv [options] <program> [<argument>...]\n\nRun a program with different privilege settings.'

/** "+all,-net_raw,+cap_sys_admin" applied to a set; undefined if a name is unknown. */
export function applyCapList(set: bigint, list: string): bigint | undefined {
  let s = set
  for (const item of list.split(',')) {
    const m = /^([+-])(.+)$/.exec(item)
    if (!m) return undefined
    const name = m[2]!.toLowerCase().replace(/^cap_/, '')
    const bits = name === 'all' ? (1n << BigInt(CAP_LAST_CAP + 1)) - 1n
      : CAPS.findIndex((c) => c.toLowerCase() === name) >= 0 ? capBit(CAPS.findIndex((c) => c.toLowerCase() === name)) : undefined
    if (bits === undefined) return undefined
    s = m[1] === '+' ? s | bits : s & ~bits
  }
  return s
}

const capList = (set: bigint) => {
  const names = CAPS.filter((_, i) => capHas(set, i)).map((c) => c.toLowerCase())
  return names.length ? names.join(',') : '[none]'
}

function* dump(): Sys<number> {
  const [ruid, euid] = yield* getresuid()
  const [rgid, egid] = yield* getresgid()
  const groups = yield* getgroups()
  const caps = yield* capget()
  const nnp = yield* prctl(39) // PR_GET_NO_NEW_PRIVS
  const c = typeof caps === 'number' ? undefined : caps
  yield* out(`uid: ${ruid}\neuid: ${euid}\ngid: ${rgid}\negid: ${egid}\n` +
    `Supplementary groups: ${groups.length ? groups.join(',') : '[none]'}\nno_new_privs: ${nnp}\n` +
    `Inheritable capabilities: ${c ? capList(c.inh) : '?'}\nAmbient capabilities: ${c ? capList(c.amb) : '?'}\n` +
    `Capability bounding set: ${c ? capList(c.bnd) : '?'}\nSecurebits: [none]\n`)
  return 0
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+d', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const prog = argv[0]!
  const die = function* (msg: string, errno?: number) {
    yield* warn(prog, errno === undefined ? msg : `${msg}: ${strerror(errno)}`)
    return 1
  }
  if (has(p, 'd')) return yield* dump()
  if (p.operands.length === 0) {
    yield* warn(prog, 'No program specified')
    yield* tryHelp(prog)
    return 1
  }
  const db = yield* loadUserDb()
  const uidArg = lastArg(p, 'U')
  const gidArg = lastArg(p, 'G')
  const uid = uidArg === undefined ? undefined : /^\d+$/.test(uidArg) ? Number(uidArg) : db.user(uidArg)?.uid
  const gid = gidArg === undefined ? undefined : /^\d+$/.test(gidArg) ? Number(gidArg) : db.group(gidArg)?.gid
  if (uidArg !== undefined && uid === undefined) return yield* die(`failed to parse uid: '${uidArg}'`)
  if (gidArg !== undefined && gid === undefined) return yield* die(`failed to parse gid: '${gidArg}'`)
  const groupOpt = ['C', 'K', 'I', 'g'].filter((o) => has(p, o))
  if (groupOpt.length > 1) return yield* die('multiple supplementary group options specified')
  if (gid !== undefined && groupOpt.length === 0) {
    return yield* die('--[re]gid requires --keep-groups, --clear-groups, --init-groups, or --groups')
  }
  // supplementary groups first: setgroups needs the privileges we may drop below
  let groups: number[] | undefined
  if (has(p, 'C')) groups = []
  else if (has(p, 'g')) groups = lastArg(p, 'g')!.split(',').map((g) => (/^\d+$/.test(g) ? Number(g) : db.group(g)?.gid ?? NaN))
  else if (has(p, 'I')) {
    const who = uid === undefined ? undefined : db.passwd.find((u) => u.uid === uid)
    if (!who) return yield* die('uid not found in passwd, --init-groups requires an user that can be found in the system')
    groups = db.groupsOf(who.name, gid ?? who.gid)
  }
  if (groups?.some((g) => Number.isNaN(g))) return yield* die('failed to parse group list')
  if (groups) {
    const r = yield* setgroups(groups)
    if (r < 0) return yield* die('setgroups failed', r)
  }
  if (gid !== undefined) {
    const r = yield* setresgid(gid, gid, gid)
    if (r < 0) return yield* die('setresgid failed', r)
  }
  if (uid !== undefined) {
    const r = yield* setresuid(uid, uid, uid)
    if (r < 0) return yield* die('setresuid failed', r)
  }
  if (has(p, 'N')) {
    const r = yield* prctl(PR_SET_NO_NEW_PRIVS, 1)
    if (typeof r === 'number' && r < 0) return yield* die('disallow granting new privileges failed', r)
  }
  const bset = lastArg(p, 'b')
  if (bset !== undefined) {
    const cur = yield* capget()
    if (typeof cur === 'number') return yield* die('capget failed', cur)
    const next = applyCapList(cur.bnd, bset)
    if (next === undefined) return yield* die(`unknown capability in ${bset}`)
    for (let c = 0; c <= CAP_LAST_CAP; c++) {
      if (capHas(cur.bnd, c) && !capHas(next, c)) {
        const r = yield* prctl(PR_CAPBSET_DROP, c)
        if (typeof r === 'number' && r < 0) return yield* die('PR_CAPBSET_DROP failed', r)
      }
    }
  }
  const inh = lastArg(p, 'i')
  if (inh !== undefined) {
    const cur = yield* capget()
    if (typeof cur === 'number') return yield* die('capget failed', cur)
    const next = applyCapList(cur.inh, inh)
    if (next === undefined) return yield* die(`unknown capability in ${inh}`)
    const r = yield* capset({ ...cur, inh: next })
    if (r < 0) return yield* die('capset failed', r)
  }
  const cmd = p.operands
  const r = yield* execvp(cmd[0]!, cmd, envp)
  yield* die(`failed to execute ${cmd[0]}`, r)
  return r === -E.ENOENT ? 127 : 126
}

export { main as setprivMain }
