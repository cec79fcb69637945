// CVE-2015-3456 (VENOM) end to end: root in a guest overflows the floppy
// controller's FIFO through port I/O (ioperm + outb → KVM_EXIT_IO → the VMM's
// device model) and gets its payload run by the VMM process on the host, with
// that process's credentials and confinement. Affected: QEMU <= 2.3.0; the fix
// (commit e907746266721f305d67bc0718795fedee2e824c, QEMU 2.3.1/2.4.0) bounds the FIFO index.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { compare } from '../../src/compare/compare.ts'

/** The host's /etc/shadow gets a line the guests do not have, so reading it is measured, not assumed. */
const HOST_SECRET = 'hostadmin:$6$host-only-secret:20000:0:99999:7:::'
const PAYLOAD = 'id; grep hostadmin /etc/shadow'

function venom(opts: { qemu?: string; create?: string; payload?: string } = {}) {
  const m = new Machine(opts.qemu ? { versions: { qemu: opts.qemu } } : {})
  m.runScript(`echo '${HOST_SECRET}' >> /etc/shadow`)
  const r = m.runScript(`vm create a --image alpine --memory 256M ${opts.create ?? ''}; vm start -q a
vm exec a -- 'exploit CVE-2015-3456 -- "${opts.payload ?? PAYLOAD}"'; echo "status $?"
ps -eo user,comm | grep qemu; vm list`, { maxSteps: 50_000_000 })
  return { ...r, m }
}

describe('VENOM (CVE-2015-3456)', () => {
  it('QEMU 2.2.0 as root: the payload runs in qemu-system-x86_64 as root and reads the host /etc/shadow', () => {
    const r = venom({ qemu: '2.2.0' })
    expect(r.stdout).toContain('inb(0x3f4) = 0x80: a floppy controller answers')
    expect(r.stdout).toContain('result_timer->cb = 0x7f3a00200000')
    expect(r.stdout).toContain(`uid=0(root) gid=0(root) groups=0(root)\n${HOST_SECRET}\n`)
    expect(r.stdout).toContain('status 0')
    expect(r.stdout).toMatch(/^root +qemu-system-x86$/m)
  })

  it('the guest-side steps alone (no exploit) are inert: the guest cannot read the host shadow itself', () => {
    const m = new Machine()
    m.runScript(`echo '${HOST_SECRET}' >> /etc/shadow`)
    const r = m.runScript("vm create a --image alpine --memory 256M; vm start -q a; vm exec a -- 'grep -c hostadmin /etc/shadow'", { maxSteps: 50_000_000 })
    expect(r.stdout).toContain('0\n')
  })

  it('patched QEMU (the default 8.2.2): the FIFO index wraps at 512, the timer runs fdctrl_result_timer()', () => {
    const r = venom()
    expect(r.stderr).toContain('blocked by the patched QEMU')
    expect(venom({ qemu: '2.3.1' }).stderr).toContain('blocked by the patched QEMU') // the stable fix
    expect(venom({ qemu: '2.3.0' }).stdout).toContain('ran in qemu-system-x86_64 on the host') // released before the fix
    expect(r.stdout).toContain('status 1')
    expect(r.stdout).toMatch(/a +running/)
  })

  it('unprivileged VMM (--confine user): code runs as libvirt-qemu, /etc/shadow is Permission denied', () => {
    const r = venom({ qemu: '2.2.0', create: '--confine user' })
    expect(r.stdout).toContain('uid=64055(libvirt-qemu) gid=108(kvm) groups=108(kvm)')
    expect(r.stdout).toContain('grep: /etc/shadow: Permission denied')
    expect(r.stdout).toMatch(/^64055 +qemu-system-x86$/m) // procps prints the uid when the name is wider than the column
  })

  it('sVirt profile (--confine svirt): root, but the per-VM AppArmor profile denies /etc/shadow (logged)', () => {
    const r = venom({ qemu: '2.2.0', create: '--confine svirt' })
    expect(r.stdout).toContain('uid=0(root)')
    expect(r.stdout).toContain('grep: /etc/shadow: Permission denied')
    const dmesg = r.m.runScript('dmesg | grep DENIED').stdout
    expect(dmesg).toMatch(/apparmor="DENIED" operation="open" profile="libvirt-[0-9a-f-]{36}" name="\/etc\/shadow"/)
  })

  it('seccomp sandbox (--confine seccomp): the payload\'s fork kills QEMU (SIGSYS); the VM crashes, the host is untouched', () => {
    const r = venom({ qemu: '2.2.0', create: '--confine seccomp' })
    expect(r.stdout).not.toContain('uid=0')
    expect(r.stderr).toContain('Connection to a closed by remote host.')
    expect(r.stdout).toContain('status 255')
    expect(r.stdout).toMatch(/a +crashed/)
    expect(r.m.runScript('dmesg').stdout).toMatch(/type=1326 .*comm="CPU 0\/KVM" exe="\/usr\/bin\/qemu-system-x86_64" sig=31 .*syscall=56/)
  })

  // A guest's clock follows the host's (kvmclock) also while its vCPU is halted: the guest of a VM left idle while
  // a second VM booted must not run behind the host, or its 30 ms nanosleep ends before the VMM's 20 ms READ ID
  // timer (timer_mod(..., get_ticks_per_sec() / 50), hw/block/fdc.c) is due, and the overwritten callback never runs.
  it('from the first of two VMs (the second started after it): the result timer fires in the first VM\'s VMM', () => {
    const m = new Machine({ versions: { qemu: '2.2.0' } })
    const r = m.runScript(`vm create a --image alpine --memory 256M; vm start -q a; vm create b --image alpine --memory 256M; vm start -q b
vm exec a -- 'exploit CVE-2015-3456 -- id'; echo "status $?"; vm exec a -- cat /proc/uptime; cat /proc/uptime`, { maxSteps: 50_000_000 })
    expect(r.stdout).toContain('uid=0(root) gid=0(root) groups=0(root)\n')
    expect(r.stdout).toContain('status 0')
    // The first guest has been up as long as the host has run since it started: over the second VM's boot too.
    const [guest, host] = r.stdout.trim().split('\n').slice(-2).map((l) => Number(l.split(' ')[0]))
    expect(guest).toBeGreaterThan(7)
    expect(host! - guest!).toBeLessThan(10)
  })

  it('microVM: no floppy controller exists, port 0x3f4 reads all ones', () => {
    const r = venom({ qemu: '2.2.0', create: '--profile microvm' })
    expect(r.stderr).toContain('exploit: CVE-2015-3456: inb(0x3f4) = 0xff: No such device (blocked by the device model: no floppy controller at 0x3f0, as a microVM\'s VMM has none)')
    expect(r.stdout).toContain('status 1')
  })

})

describe('port I/O in a guest (ioperm/iopl, CAP_SYS_RAWIO)', () => {
  it('without CAP_SYS_RAWIO ioperm is EPERM; without ioperm, outb is a general protection fault (SIGSEGV)', () => {
    const m = new Machine({ versions: { qemu: '2.2.0' } })
    const r = m.runScript(`vm create a --image alpine --memory 256M; vm start -q a
vm exec a -- 'setpriv --reuid 1000 exploit CVE-2015-3456; echo "status $?"'`, { maxSteps: 50_000_000 })
    expect(r.stderr).toContain('exploit: CVE-2015-3456: ioperm(0x3f0, 8, 1): Operation not permitted (port I/O needs CAP_SYS_RAWIO: root in a VM\'s guest, or a --privileged container)')
  })
})

describe('isolab compare CVE-2015-3456: the blast radius is the VMM, and only for a full VM', () => {
  it('rows measured by probes: the VM escapes to the host (through QEMU as root); containers and the microVM are blocked', () => {
    const c = compare('CVE-2015-3456')
    if (typeof c === 'string') throw new Error(c)
    const row = (id: string) => c.rows.find((r) => r.topology === id)!
    expect(c.versions.qemu).toBe('2.2.0') // the demo version: one that has the bug
    expect(row('vm')).toMatchObject({ outcome: 'escaped', reached: { host: true, vms: false } })
    expect(row('microvm')).toMatchObject({ outcome: 'blocked', reached: { host: false }, stoppedBy: expect.stringContaining('no floppy controller') })
    expect(row('container')).toMatchObject({ outcome: 'blocked', stoppedBy: 'blocked by the seccomp profile docker-default' })
    expect(row('container-in-vm')).toMatchObject({ outcome: 'blocked', reached: { host: false } })
    expect(row('privileged').reached.host).toBe(false) // bare metal has no emulated FDC
  })
})

describe('the jailer (microVMs)', () => {
  it('--confine jailer: Firecracker runs as libvirt-qemu in a chroot holding only its binary and /dev/kvm, under its seccomp filter', () => {
    const r = new Machine().runScript(`vm create f --image alpine --profile microvm --confine jailer; vm start -q f; vm exec f -- hostname
P=$(vm list | awk '$1=="f" {print $NF}'); readlink /proc/$P/root; ls /srv/jailer/firecracker/f/root /srv/jailer/firecracker/f/root/dev; grep Seccomp: /proc/$P/status
ps -eo user,comm | grep fire`, { maxSteps: 80_000_000 })
    expect(r.stdout).toContain('f\n/srv/jailer/firecracker/f/root\n')
    expect(r.stdout).toContain('/srv/jailer/firecracker/f/root:\ndev\nfirecracker\n\n/srv/jailer/firecracker/f/root/dev:\nkvm\nnull\nSeccomp:\t2\n')
    expect(r.stdout).toMatch(/^64055 +firecracker$/m)
    expect(new Machine().runScript('vm create g --confine jailer').stderr).toBe('vm: the jailer runs Firecracker only: use --profile microvm\n')
  })

  it('a VMM that dies before KVM_CREATE_VM ends vm start (no hang): the VM is crashed', () => {
    const r = new Machine().runScript(`vm create f --image alpine --profile microvm; rm /usr/bin/firecracker; vm start -q f; echo "status $?"; vm list`, { maxSteps: 80_000_000 })
    expect(r.stderr).toMatch(/vm: 'f' did not boot: firecracker \(pid \d+\) terminated/)
    expect(r.stdout).toContain('status 1')
    expect(r.stdout).toMatch(/^f +crashed/m)
  })
})
