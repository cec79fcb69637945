// capsh(1) (libcap): --print shows the capability state as libcap formats it;
// --decode=HEX names the bits of a /proc/[pid]/status Cap* value; --drop
// removes capabilities from the bounding set; --inh, --addamb, --delamb and
// --noamb change the inheritable and ambient sets (prctl PR_CAP_AMBIENT); "--" runs /bin/bash with the
// remaining arguments (so `capsh --drop=cap_net_raw -- -c 'cmd'`), "==" capsh.
// Arguments are processed left to right; the first failure exits 1.
import { CAP_LAST_CAP, PR_CAPBSET_DROP, PR_GET_NO_NEW_PRIVS } from '../../../kernel-sim/abi/index.ts'
import {
  capget, capset, execve, getgroups, getresgid, getresuid, out, err, prctl, type Sys,
} from '../../libc/index.ts'
import { loadUserDb } from '../lib/users.ts'
import { capFromName, capList, capToText, iabToText } from './captext.ts'

/** prctl(2) PR_CAP_AMBIENT; ops IS_SET 1, RAISE 2, LOWER 3, CLEAR_ALL 4. */
const PR_CAP_AMBIENT = 47

const USAGE = `usage: capsh [args ...]
  --addamb=xxx   add xxx,... capabilities to ambient set
  --decode=xxx   decode a hex string to a list of caps
  --delamb=xxx   remove xxx,... capabilities from ambient
  --drop=xxx     drop xxx,... caps from bounding set
  --help, -h     this message (or try 'man capsh')
  --inh=xxx      set xxx,.. inheritable set
  --noamb        reset (drop) all ambient capabilities
  --print        display capability relevant state
  ==             re-exec(capsh) with args as for --
  --             remaining arguments are for /bin/bash
                 (without -- [capsh] will simply exit(0))
`

function* print(): Sys<void> {
  const c = yield* capget()
  if (typeof c === 'number') return
  const db = yield* loadUserDb()
  const [uid, euid] = yield* getresuid()
  const [gid] = yield* getresgid()
  const groups = yield* getgroups()
  const nnp = yield* prctl(PR_GET_NO_NEW_PRIVS)
  const name = (n: string | undefined) => n ?? '???'
  yield* out(
    `Current: ${capToText(c)}\n` +
    `Bounding set =${capList(c.bnd)}\n` +
    `Ambient set =${capList(c.amb)}\n` +
    `Current IAB: ${iabToText(c)}\n` +
    // SIMPLIFICATION: securebits (prctl PR_GET_SECUREBITS) are not modelled: always 0.
    `Securebits: 00/0x0/1'b0 (no-new-privs=${nnp})\n` +
    ' secure-noroot: no (unlocked)\n secure-no-suid-fixup: no (unlocked)\n secure-keep-caps: no (unlocked)\n' +
    ' secure-no-ambient-raise: no (unlocked)\n' +
    `uid=${uid}(${name(db.userName(uid))}) euid=${euid}(${name(db.userName(euid))})\n` +
    `gid=${gid}(${name(db.groupName(gid))})\n` +
    `groups=${groups.map((g) => `${g}(${name(db.groupName(g))})`).join(',')}\n` +
    'Guessed mode: HYBRID (4)\n',
  )
}

/** "a,b,c" → capability numbers, or the first unknown name. */
function names(list: string): number[] | string {
  if (list === 'all') return Array.from({ length: CAP_LAST_CAP + 1 }, (_, i) => i)
  const out: number[] = []
  for (const n of list.split(',').filter(Boolean)) {
    const c = capFromName(n)
    if (c === undefined) return n
    out.push(c)
  }
  return out
}

function* main(argv: readonly string[], envp: readonly string[]): Sys<number> {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!
    const val = a.slice(a.indexOf('=') + 1)
    if (a === '--print') yield* print()
    else if (a.startsWith('--decode=')) {
      const v = /^(0x)?[0-9a-f]+$/i.test(val) ? BigInt('0x' + val.replace(/^0x/i, '')) & ((1n << 64n) - 1n) : 0n
      yield* out(`0x${v.toString(16).padStart(16, '0')}=${capList(v)}\n`)
    } else if (a.startsWith('--drop=')) {
      const caps = names(val)
      if (typeof caps === 'string') return yield* fail(`capability [${caps}] is unknown to libcap\n`)
      for (const c of caps) {
        if ((yield* prctl(PR_CAPBSET_DROP, c)) as number < 0) {
          return yield* fail(val === 'all' ? 'Unable to drop bounding capability [' + capList(1n << BigInt(c)) + ']\n' : `failed to drop [${capList(1n << BigInt(c))}=${c}]\n`)
        }
      }
    } else if (a.startsWith('--addamb=') || a.startsWith('--delamb=') || a === '--noamb') {
      const raise = a.startsWith('--addamb=')
      const caps = a === '--noamb' ? [] : names(val)
      if (typeof caps === 'string') return yield* fail(`capability [${caps}] is unknown to libcap\n`)
      if (a === '--noamb' && (yield { nr: 'prctl', args: [PR_CAP_AMBIENT, 4, 0] }) as number < 0) return yield* fail('failed to reset ambient set\n')
      for (const c of caps) {
        if ((yield { nr: 'prctl', args: [PR_CAP_AMBIENT, raise ? 2 : 3, c] }) as number < 0) {
          return yield* fail(`failed to ${raise ? 'raise' : 'clear'} ambient [${capList(1n << BigInt(c))}=${c}]\n`)
        }
      }
    } else if (a.startsWith('--inh=')) {
      const c = yield* capget()
      if (typeof c === 'number') return 1
      const caps = names(val === 'none' ? '' : val)
      if (typeof caps === 'string') return yield* fail(`capability [${caps}] is unknown to libcap\n`)
      const bits = caps.reduce((s, x) => s | (1n << BigInt(x)), 0n)
      if ((yield* capset({ ...c, inh: bits })) < 0) return yield* fail('Unable to set inheritable capabilities: Operation not permitted\n')
    } else if (a === '--' || a === '==') {
      const path = a === '--' ? '/bin/bash' : '/sbin/capsh'
      const r = yield* execve(path, [path, ...argv.slice(i + 1)], envp)
      return yield* fail(`execve ${path} failed!\n`, r)
    } else {
      yield* out(USAGE)
      return a === '--help' || a === '-h' ? 0 : 1
    }
  }
  return 0
}

function* fail(msg: string, _r?: number): Sys<number> {
  yield* err(msg)
  return 1
}

export { main as capshMain }
