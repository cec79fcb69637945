// Property (seccomp(2), Docker's default profile, docker-default): for random
// syscall sequences run by a process with Docker's default capability set
// (00000000a80425fb), the default seccomp profile and the docker-default LSM
// profile, no call the seccomp profile blocks ever runs (each returns the
// profile's errno and changes nothing), and no write under /proc/sys or /sys
// outside /sys/fs/cgroup is ever let through.
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { CLOCK_REALTIME, O_CREAT, O_RDONLY, O_RDWR, O_WRONLY, SECCOMP_RET_ACTION_FULL, SECCOMP_RET_ALLOW, SECCOMP_RET_DATA, SECCOMP_RET_ERRNO, type SysName } from '../../kernel-sim/abi/index.ts'
import { harness } from '../../kernel-sim/testing/harness.ts'
import { DOCKER_CAPS } from '../../kernel-sim/testing/confine.ts'
import { compileFilter, evaluate } from '../../kernel-sim/kernel/security/seccomp.ts'
import type { SeccompFilter } from '../../kernel-sim/kernel/security/types.ts'
import { DOCKER_DEFAULT_SECCOMP } from '../../src/runtime/seccomp-default.ts'
import { resolveDockerProfile } from '../../src/runtime/seccomp-profile.ts'
import { dockerize } from '../security/docker-sec.ts'

const spec = resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, DOCKER_CAPS)
const filter = compileFilter(spec as never) as SeccompFilter

const flags = fc.constantFrom(0, 0x11, 0x00020000, 0x10000000, 0x20000000, 0x40000000, 0x04000000, 0x7e020000)
const path = fc.constantFrom('/etc/hostname', '/tmp-x', '/proc/sys/kernel/hostname', '/proc/sys/fs/file-max', '/proc/sysrq-trigger', '/sys/kernel/x', '/sys/fs/cgroup/x', '/proc/self/attr/exec')
const num = fc.constantFrom(0, 1, 3, 8, 40, 0xffffffff, 0x0040000, 2, 10)

type Call = { nr: SysName; args: unknown[] }
const call: fc.Arbitrary<Call> = fc.oneof(
  fc.tuple(fc.constantFrom<SysName>('keyctl', 'add_key', 'request_key', 'bpf', 'kexec_load', 'init_module', 'delete_module', 'syslog', 'umount2', 'pivot_root', 'setns'), num, num)
    .map(([nr, a, b]) => ({ nr, args: [a, b, 0] })),
  flags.map((f) => ({ nr: 'unshare' as SysName, args: [f] })),
  flags.map((f) => ({ nr: 'clone' as SysName, args: [f, () => (function* () { return 0 })()] })),
  fc.tuple(path, fc.constantFrom('tmpfs', 'proc')).map(([p, t]) => ({ nr: 'mount' as SysName, args: ['none', p, t, 0, ''] })),
  fc.constantFrom('sethostname', 'setdomainname').map((nr) => ({ nr: nr as SysName, args: ['pwned'] })),
  num.map((n) => ({ nr: 'personality' as SysName, args: [n] })),
  fc.tuple(num, num).map(([d, t]) => ({ nr: 'socket' as SysName, args: [d, t] })),
  num.map((n) => ({ nr: 'settimeofday' as SysName, args: [n] })),
  num.map((n) => ({ nr: 'clock_settime' as SysName, args: [CLOCK_REALTIME, n] })),
  fc.tuple(path, fc.constantFrom(O_RDONLY, O_WRONLY, O_RDWR, O_WRONLY | O_CREAT)).map(([p, f]) => ({ nr: 'open' as SysName, args: [-100, p, f, 0o644] })),
  path.map((p) => ({ nr: 'mkdir' as SysName, args: [p, 0o755] })),
  fc.constantFrom<SysName>('getpid', 'uname', 'getresuid').map((nr) => ({ nr, args: [] })),
)

/** Writes the LSM must refuse: everything under /proc/sys but shm*, /proc/sysrq-trigger, /sys except cgroup. */
const lsmDeniesWrite = (p: string) => /^\/proc\/sys(rq-trigger|\/)/.test(p) || (p.startsWith('/sys/') && !p.startsWith('/sys/fs/cgroup/'))

describe('default Docker confinement', () => {
  test.prop([fc.array(call, { minLength: 1, maxLength: 40 })], { numRuns: 60 })('no call the default profile blocks ever succeeds', (calls) => {
    const h = harness()
    const p = h.spawn()
    dockerize(h, p)
    const hostname = h.k.snapshot().coarse.uts.hostname
    for (const c of calls) {
      const verdict = evaluate([filter], c.nr, c.args)
      const r = h.call(p, c.nr, ...c.args)
      if (((verdict & SECCOMP_RET_ACTION_FULL) >>> 0) === SECCOMP_RET_ERRNO) {
        expect(r, `${c.nr}(${c.args.map(String).join(', ')})`).toBe(-(verdict & SECCOMP_RET_DATA))
      } else expect(verdict).toBe(SECCOMP_RET_ALLOW)
      if (c.nr === 'open' && ((c.args[2] as number) & 3) !== O_RDONLY && lsmDeniesWrite(c.args[1] as string)) {
        expect(typeof r === 'number' && r < 0, `open(${String(c.args[1])}) for writing`).toBe(true)
      }
    }
    const s = h.k.snapshot()
    expect(s.coarse.uts.hostname).toBe(hostname)
    expect(s.coarse.security?.modules ?? []).toEqual([])
    expect(s.coarse.bootEpochNs).toBe(1795683600 * 1e9)
    expect(h.k.task(p)!.cred.capEff).toBe(DOCKER_CAPS)
  })
})
