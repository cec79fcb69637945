// capabilities(7): the calls this module adds, each refused without its
// capability and working (or failing later, for another reason) with it.
import { describe, expect, it } from 'vitest'
import { AF_INET, CAP, CLOCK_MONOTONIC, CLOCK_REALTIME, E, SOCK_STREAM, capBit } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { DOCKER_CAPS, confine } from '../../testing/confine.ts'
import { capsAfterExec, rootCred } from '../task/cred.ts'
import { PR_CAP_AMBIENT, PR_GET_SECCOMP, PR_SET_SECCOMP } from './prctl.ts'

const SOCK_RAW = 3
const MAGIC1 = 0xfee1dead
const MAGIC2 = 672274793
const POWER_OFF = 0x4321fedc

describe('capabilities(7)', () => {
  it('CAP_SYS_MODULE: init_module/delete_module fail with EPERM without it; with it the load taints the kernel (dmesg)', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    expect(h.call(c, 'init_module', 'dummy', 0, '')).toBe(-E.EPERM)
    expect(h.call(c, 'delete_module', 'dummy', 0)).toBe(-E.EPERM)
    const root = h.spawn()
    expect(h.call(root, 'init_module', 'dummy', 0, '')).toBe(0)
    expect(h.call(root, 'init_module', 'dummy', 0, '')).toBe(-E.EEXIST)
    const log = h.k.snapshot().coarse.dmesg.join('\n')
    expect(log).toContain('dummy: loading out-of-tree module taints kernel.')
    expect(log).toContain('dummy: module verification failed: signature and/or required key missing - tainting kernel')
    expect(h.call(root, 'delete_module', 'dummy', 0)).toBe(0)
    expect(h.call(root, 'delete_module', 'dummy', 0)).toBe(-E.ENOENT)
  })

  it('CAP_SYS_TIME: settimeofday/clock_settime(CLOCK_REALTIME) need it; CLOCK_MONOTONIC cannot be set (EINVAL)', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    expect(h.call(c, 'clock_settime', CLOCK_REALTIME, 1e18)).toBe(-E.EPERM)
    expect(h.call(c, 'settimeofday', 1e18)).toBe(-E.EPERM)
    const root = h.spawn()
    expect(h.call(root, 'clock_settime', CLOCK_MONOTONIC, 1e18)).toBe(-E.EINVAL)
    expect(h.call(root, 'clock_settime', CLOCK_REALTIME, 2e18)).toBe(0)
    const now = h.call(root, 'clock_gettime', CLOCK_REALTIME) as number
    expect(now).toBeGreaterThanOrEqual(2e18)
    expect(now).toBeLessThan(2e18 + 1e9)
  })

  it('CAP_SYS_BOOT: reboot(2) is EPERM without it, EINVAL for bad magic; power-off stops the machine', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    expect(h.call(c, 'reboot', MAGIC1, MAGIC2, POWER_OFF)).toBe(-E.EPERM)
    expect(h.call(c, 'kexec_load', 0, 0, 0, 0)).toBe(-E.EPERM)
    const root = h.spawn()
    expect(h.call(root, 'reboot', 1, 2, POWER_OFF)).toBe(-E.EINVAL)
    h.call(root, 'reboot', MAGIC1, MAGIC2, POWER_OFF)
    expect(h.k.panicked).toBe('Power down')
    expect(h.k.snapshot().coarse.dmesg.at(-1)).toMatch(/\] reboot: Power down$/)
  })

  it('CAP_NET_RAW: socket(AF_INET, SOCK_RAW) is EPERM without it (raw(7))', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false, caps: DOCKER_CAPS & ~capBit(CAP.NET_RAW) })
    expect(h.call(c, 'socket', AF_INET, SOCK_RAW)).toBe(-E.EPERM)
    expect(h.call(c, 'socket', AF_INET, SOCK_STREAM)).toBeGreaterThanOrEqual(0)
    const d = h.spawn()
    confine(h, d, { apparmor: false }) // Docker keeps NET_RAW by default
    expect(h.call(d, 'socket', AF_INET, SOCK_RAW)).not.toBe(-E.EPERM)
  })

  it('bpf(2): EPERM without CAP_BPF or CAP_SYS_ADMIN (kernel.unprivileged_bpf_disabled)', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    expect(h.call(c, 'bpf', 0, {}, 0)).toBe(-E.EPERM)
    const b = h.spawn()
    confine(h, b, { apparmor: false, caps: DOCKER_CAPS | capBit(CAP.BPF) })
    expect(h.call(b, 'bpf', 0, {}, 0)).toBe(-E.EINVAL)
  })

  it('Docker\'s default set is CapEff 00000000a80425fb in /proc/[pid]/status, and the bounding set follows', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    const fd = h.open(c, '/proc/self/status')
    const s = h.call(c, 'read', fd, 65536) as string
    for (const key of ['CapPrm', 'CapEff', 'CapBnd']) expect(s).toContain(`${key}:\t00000000a80425fb\n`)
    expect(s).toContain('CapAmb:\t0000000000000000\n')
  })

  it('PR_CAP_AMBIENT: RAISE needs the capability permitted and inheritable (EPERM), IS_SET, LOWER, CLEAR_ALL', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 2, CAP.NET_RAW)).toBe(-E.EPERM) // not inheritable
    h.call(p, 'capset', { inh: capBit(CAP.NET_RAW), prm: (1n << 41n) - 1n, eff: (1n << 41n) - 1n, bnd: 0n, amb: 0n })
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 2, CAP.NET_RAW)).toBe(0)
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 1, CAP.NET_RAW)).toBe(1)
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 3, CAP.NET_RAW)).toBe(0)
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 1, CAP.NET_RAW)).toBe(0)
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 2, 99)).toBe(-E.EINVAL)
    expect(h.call(p, 'prctl', PR_CAP_AMBIENT, 4, 0)).toBe(0)
  })

  it('execve: a non-root program keeps only its ambient capabilities ("P\'(permitted) = ... | P\'(ambient)")', () => {
    const user = { ...rootCred(), ruid: 1000, euid: 1000, suid: 1000, fsuid: 1000, capInh: capBit(CAP.NET_RAW), capAmb: capBit(CAP.NET_RAW) }
    const after = capsAfterExec(user)
    expect(after.capPrm).toBe(capBit(CAP.NET_RAW))
    expect(after.capEff).toBe(capBit(CAP.NET_RAW))
    // no_new_privs does not take away what root gets at execve (it stops setuid/file-capability gains only).
    expect(capsAfterExec({ ...rootCred(), noNewPrivs: true }).capEff).toBe((1n << 41n) - 1n)
  })

  it('PR_GET_SECCOMP / PR_SET_SECCOMP (prctl(2)) mirror seccomp(2)', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'prctl', PR_GET_SECCOMP)).toBe(0)
    expect(h.call(p, 'prctl', PR_SET_SECCOMP, 2, { defaultAction: 0x7fff0000, rules: [] })).toBe(0)
    expect(h.call(p, 'prctl', PR_GET_SECCOMP)).toBe(2)
  })

  it('CAP_SYS_RAWIO: open("/dev/mem") is EPERM without it (mem(4))', () => {
    const h = harness()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    expect(h.open(c, '/dev/mem')).toBe(-E.EPERM)
    const root = h.spawn()
    expect(h.open(root, '/dev/mem')).toBeGreaterThanOrEqual(0)
  })
})
