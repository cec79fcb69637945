// The AppArmor-like LSM: docker-default (moby profiles/apparmor/template.go),
// attr/current and attr/exec (proc(5)), denials as EACCES with the AppArmor
// audit record in dmesg, capability and ptrace mediation (ptrace(2) access modes).
import { describe, expect, it } from 'vitest'
import { CAP, E, O_RDONLY, O_WRONLY, O_CREAT, PR_SET_NO_NEW_PRIVS, capBit, type Kpid } from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import { DOCKER_CAPS, confine } from '../../testing/confine.ts'
import { capable } from './capable.ts'
import { globToRegExp, parseProfile } from './lsm-parse.ts'
import { lsmFile, lsmLoadProfile, lsmMount } from './lsm.ts'

const read = (h: Harness, pid: Kpid, path: string): string | number => {
  const fd = h.open(pid, path)
  if (fd < 0) return fd
  const s = h.call(pid, 'read', fd, 65536) as string
  h.call(pid, 'close', fd)
  return s
}
const write = (h: Harness, pid: Kpid, path: string, data: string): number => {
  const fd = h.open(pid, path, O_WRONLY)
  if (fd < 0) return fd
  const r = h.call(pid, 'write', fd, data) as number
  h.call(pid, 'close', fd)
  return r
}
const dmesg = (h: Harness) => h.k.snapshot().coarse.dmesg.join('\n')

describe('docker-default', () => {
  it('denies writes under /proc/sys: EACCES and the AppArmor audit record, fields in the kernel\'s order', () => {
    const h = harness()
    const p = h.spawn()
    confine(h, p)
    expect(write(h, p, '/proc/sys/kernel/hostname', 'x\n')).toBe(-E.EACCES)
    expect(dmesg(h)).toMatch(new RegExp(
      `\\] audit: type=1400 audit\\(\\d+\\.\\d{3}:1\\): apparmor="DENIED" operation="open" profile="docker-default" ` +
      `name="/proc/sys/kernel/hostname" pid=${p} comm="remote" requested_mask="w" denied_mask="w" fsuid=0 ouid=0$`, 'm'))
    expect(read(h, p, '/proc/sys/kernel/hostname')).toBe('test\n') // reading is allowed
    expect(write(h, p, '/proc/sys/fs/file-max', '1\n')).toBe(-E.EACCES)
  })

  it('the /proc and /sys globs: /proc/<pid>/** and /proc/sys/kernel/shm* stay writable, /sys/fs/cgroup too', () => {
    const h = harness()
    const p = h.spawn()
    h.k.mutTask(p).lsm = { profile: 'docker-default' }
    const t = h.k.task(p)!
    const w = (path: string) => lsmFile(h.k, t, 'open', path, 'w', 0)
    expect(w('/proc/sys/kernel/shmmax')).toBe(0)
    expect(w('/proc/123/oom_score_adj')).toBe(0)
    expect(w('/proc/sys/kernel/hostname')).toBe(-E.EACCES)
    expect(w('/proc/sys/net/ipv4/ip_forward')).toBe(-E.EACCES)
    expect(w('/proc/sysrq-trigger')).toBe(-E.EACCES)
    expect(lsmFile(h.k, t, 'open', '/proc/sysrq-trigger', 'r', 0)).toBe(-E.EACCES) // rwklx
    expect(lsmFile(h.k, t, 'open', '/proc/kcore', 'r', 0)).toBe(-E.EACCES)
    expect(w('/proc/acpi/wakeup')).toBe(-E.EACCES)
    expect(w('/sys/kernel/mm/transparent_hugepage/enabled')).toBe(-E.EACCES)
    expect(w('/sys/fs/cgroup/memory.max')).toBe(0)
    expect(lsmFile(h.k, t, 'open', '/sys/firmware/efi/vars', 'r', 0)).toBe(-E.EACCES)
    expect(lsmFile(h.k, t, 'open', '/sys/kernel/mm/transparent_hugepage/enabled', 'r', 0)).toBe(0)
    expect(w('/etc/passwd')).toBe(0)
  })

  it('creating a file is "mknod" with requested_mask="c"', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/sys2', 0o755)
    h.k.mutTask(p).lsm = { profile: 'docker-default' }
    expect(h.open(p, '/tmp-new', O_CREAT | O_WRONLY)).toBeGreaterThanOrEqual(0)
    expect(lsmFile(h.k, h.k.task(p)!, 'mknod', '/sys/kernel/x', 'c', 0)).toBe(-E.EACCES)
    expect(dmesg(h)).toContain('operation="mknod" profile="docker-default" name="/sys/kernel/x"')
    expect(dmesg(h)).toContain('requested_mask="c" denied_mask="c"')
  })

  it('deny mount: EACCES and operation="mount" logged', () => {
    const h = harness()
    const p = h.spawn()
    h.k.mutTask(p).lsm = { profile: 'docker-default' }
    expect(lsmMount(h.k, h.k.task(p)!, { source: 'none', target: '/mnt', fstype: 'tmpfs' })).toBe(-E.EACCES)
    expect(dmesg(h)).toMatch(new RegExp(`apparmor="DENIED" operation="mount" info="failed flags match" error=-13 profile="docker-default" name="/mnt/" pid=${p} comm="remote" fstype="tmpfs" srcname="none"$`, 'm'))
    h.k.mutTask(p).lsm = undefined
    expect(lsmMount(h.k, h.k.task(p)!, { source: 'none', target: '/mnt', fstype: 'tmpfs' })).toBe(0)
  })
})

describe('/proc/[pid]/attr', () => {
  it('attr/current: "unconfined", or "docker-default (enforce)"', () => {
    const h = harness()
    const p = h.spawn()
    expect(read(h, p, `/proc/${p}/attr/current`)).toBe('unconfined\n')
    h.k.mutTask(p).lsm = { profile: 'docker-default' }
    expect(read(h, p, '/proc/self/attr/current')).toBe('docker-default (enforce)\n')
  })

  it('attr/exec ("exec PROFILE", as aa_change_onexec writes it) takes effect at the next execve', () => {
    const h = harness()
    const p = h.spawn()
    expect(write(h, p, '/proc/self/attr/exec', 'exec docker-default')).toBe(19)
    expect(read(h, p, '/proc/self/attr/current')).toBe('unconfined\n')
    h.call(p, 'execve', '/remote', ['remote'], [])
    expect(read(h, p, '/proc/self/attr/current')).toBe('docker-default (enforce)\n')
  })

  it('attr/exec: ENOENT for an unknown profile, EINVAL for other commands, EACCES for another task', () => {
    const h = harness()
    const p = h.spawn()
    const q = h.spawn()
    expect(write(h, p, '/proc/self/attr/exec', 'exec no-such-profile')).toBe(-E.ENOENT)
    expect(write(h, p, '/proc/self/attr/exec', 'changehat x')).toBe(-E.EINVAL)
    expect(write(h, p, `/proc/${q}/attr/exec`, 'exec docker-default')).toBe(-E.EACCES)
  })

  it('under no_new_privs a confined task cannot switch to another profile at execve (EPERM)', () => {
    const h = harness()
    const p = h.spawn()
    expect(lsmLoadProfile(h.k, 'profile other {\n  file,\n}\n')).toBe('other')
    h.k.mutTask(p).lsm = { profile: 'other' }
    h.call(p, 'prctl', PR_SET_NO_NEW_PRIVS, 1)
    write(h, p, '/proc/self/attr/exec', 'exec docker-default')
    expect(h.call(p, 'execve', '/remote', ['remote'], [])).toBe(-E.EPERM)
  })
})

describe('capability and ptrace mediation', () => {
  it('a profile can deny a capability the task holds: "capability=16  capname=\\"sys_module\\""', () => {
    const h = harness()
    const p = h.spawn()
    lsmLoadProfile(h.k, 'profile nomodules {\n  file,\n  capability,\n  deny capability sys_module,\n}\n')
    h.k.mutTask(p).lsm = { profile: 'nomodules' }
    expect(capable(h.k, h.k.task(p)!, CAP.SYS_MODULE)).toBe(false)
    expect(capable(h.k, h.k.task(p)!, CAP.CHOWN)).toBe(true)
    expect(h.call(p, 'init_module', 'dummy')).toBe(-E.EPERM)
    expect(dmesg(h)).toMatch(new RegExp(`apparmor="DENIED" operation="capable" profile="nomodules" pid=${p} comm="remote" capability=16  capname="sys_module"$`, 'm'))
  })

  it('capability rules reach every capability check (chown: CAP_CHOWN, mknod: CAP_MKNOD, syslog: CAP_SYSLOG)', () => {
    const h = harness()
    const p = h.spawn()
    h.open(p, '/f', O_CREAT | O_WRONLY)
    lsmLoadProfile(h.k, 'profile nochown {\n  file,\n  capability,\n  deny capability chown,\n  deny capability mknod,\n}\n')
    h.k.mutTask(p).lsm = { profile: 'nochown' }
    expect(h.call(p, 'chown', '/f', 1000, -1)).toBe(-E.EPERM)
    expect(h.call(p, 'mknod', '/null2', 0o20666, 0x103)).toBe(-E.EPERM)
    expect(typeof h.call(p, 'syslog', 3)).toBe('string')
    expect(dmesg(h)).toContain('capability=0  capname="chown"')
  })

  it('mount(2) is refused by "deny mount" after the capability check: EACCES (util-linux: "permission denied")', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'mkdir', '/mnt', 0o755)
    h.k.mutTask(p).lsm = { profile: 'docker-default' }
    expect(h.call(p, 'mount', 'none', '/mnt', 'tmpfs', 0, '')).toBe(-E.EACCES)
    h.k.mutTask(p).lsm = undefined
    expect(h.call(p, 'mount', 'none', '/mnt', 'tmpfs', 0, '')).toBe(0)
  })

  it('signals: docker-default may signal its own label and receive from unconfined, not signal the host (EACCES)', () => {
    const h = harness()
    const host = h.spawn()
    const a = h.spawn()
    const b = h.spawn()
    for (const p of [a, b]) confine(h, p)
    expect(h.call(a, 'kill', host, 15)).toBe(-E.EACCES)
    expect(h.k.task(host)!.state).not.toBe('Z')
    expect(dmesg(h)).toContain(`apparmor="DENIED" operation="signal" profile="docker-default" pid=${a} comm="remote" requested_mask="send" denied_mask="send" signal=term peer="unconfined"`)
    expect(h.call(a, 'kill', b, 0)).toBe(0)
    expect(h.call(host, 'kill', a, 0)).toBe(0)
    const user = h.spawn({ uid: 1000 })
    expect(h.call(user, 'kill', host, 0)).toBe(-E.EPERM) // ids and CAP_KILL come first
  })

  it('complain mode logs ALLOWED and permits', () => {
    const h = harness()
    const p = h.spawn()
    lsmLoadProfile(h.k, 'profile learning flags=(complain) {\n  file,\n  deny /etc/** w,\n}\n')
    h.k.mutTask(p).lsm = { profile: 'learning' }
    expect(h.open(p, '/etc/hostname', O_WRONLY)).toBeGreaterThanOrEqual(0)
    expect(dmesg(h)).toContain('apparmor="ALLOWED" operation="open" profile="learning" name="/etc/hostname"')
  })

  it('/proc/[pid]/environ needs PTRACE_MODE_READ: a container\'s root may not read the host root\'s (permitted set not a subset)', () => {
    const h = harness()
    const host = h.spawn()
    const c = h.spawn()
    confine(h, c, { apparmor: false })
    expect(read(h, c, `/proc/${host}/environ`)).toBe(-E.EACCES)
    expect(read(h, host, `/proc/${c}/environ`)).toBe('') // full capabilities: allowed
    const c2 = h.spawn()
    confine(h, c2, { apparmor: false, caps: DOCKER_CAPS | capBit(CAP.SYS_PTRACE) })
    expect(read(h, c2, `/proc/${host}/environ`)).toBe('')
    expect(read(h, c, `/proc/${c}/environ`)).toBe('') // itself
  })

  it('docker-default allows ptrace only of its own label ("ptrace (...) peer=docker-default")', () => {
    const h = harness()
    const a = h.spawn()
    const b = h.spawn()
    const host = h.spawn()
    for (const p of [a, b]) confine(h, p, { caps: DOCKER_CAPS | capBit(CAP.SYS_PTRACE) })
    expect(read(h, a, `/proc/${b}/environ`)).toBe('')
    expect(read(h, a, `/proc/${host}/environ`)).toBe(-E.EACCES)
    expect(dmesg(h)).toContain(`apparmor="DENIED" operation="ptrace" profile="docker-default" pid=${a} comm="remote" requested_mask="read" denied_mask="read" peer="unconfined"`)
    expect(h.open(a, `/proc/${host}/mem`, O_RDONLY)).toBe(-E.EACCES)
  })

  it('a user may not read another user\'s environ (DAC: mode 0400)', () => {
    const h = harness()
    const root = h.spawn()
    const user = h.spawn({ uid: 1000 })
    expect(read(h, user, `/proc/${root}/environ`)).toBe(-E.EACCES)
  })
})

describe('policy text', () => {
  it('globs: * stays within a component, ** crosses, {a,b}, [^...] classes (which may match "/")', () => {
    expect(globToRegExp('/etc/*').test('/etc/passwd')).toBe(true)
    expect(globToRegExp('/etc/*').test('/etc/ssl/certs')).toBe(false)
    expect(globToRegExp('/etc/**').test('/etc/ssl/certs')).toBe(true)
    expect(globToRegExp('/proc/{sys,kcore}').test('/proc/kcore')).toBe(true)
    expect(globToRegExp('/proc/[^1-9]*').test('/proc/sys')).toBe(true)
    expect(globToRegExp('/proc/[^1-9]*').test('/proc/123')).toBe(false)
  })

  it('errors name the line and what was expected', () => {
    expect(parseProfile('profile x {\n  /etc/** rz,\n}\n')).toBe('line 2: invalid file permissions "rz" (expected letters from r w a x m k l)')
    expect(parseProfile('profile x {\n  /etc/** r\n}\n')).toBe('line 2: expected a rule ending in ",", found "/etc/** r"')
    expect(parseProfile('profile x {\n  capability sys_admn,\n}')).toBe('line 2: unknown capability "sys_admn"')
    expect(parseProfile('profile x {\n  file,\n')).toBe('profile x: expected "}" before end of input')
    expect(parseProfile('hello\n')).toBe('line 1: expected "profile NAME {", found "hello"')
    expect(parseProfile('profile x {\n  @{FOO}/x r,\n}')).toBe('line 2: undefined variable @{FOO}')
  })
})
