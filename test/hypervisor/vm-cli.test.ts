// The vm CLI through a whole machine: VMs boot guest kernels in virtual time,
// run commands like ssh, and stay behind the hardware boundary.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const GiB = 2 ** 30

function run(m: Machine, script: string) {
  return m.runScript(script, { maxSteps: 50_000_000 })
}

describe('vm: the issue\'s "done when"', () => {
  it('create, start (boot stages, 30-60 s of virtual time), exec hostname', () => {
    const m = new Machine()
    const r = run(m, 'vm create web1; vm start web1; vm exec web1 -- hostname')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    // every stage of the seed's list, in order, on the console
    const order = ['KVM_CREATE_VM', 'SeaBIOS', 'GRUB loading.', 'Linux version', 'virtio_blk virtio1: [vda]', 'systemd[1]: systemd', 'Reached target multi-user.target', 'Startup finished in']
    let at = -1
    for (const s of order) {
      const i = r.stdout.indexOf(s)
      expect(i, s).toBeGreaterThan(at)
      at = i
    }
    const secs = Number(/VM 'web1' started in ([\d.]+)s \(virtual time\)/.exec(r.stdout)![1])
    expect(secs).toBeGreaterThanOrEqual(30)
    expect(secs).toBeLessThanOrEqual(60)
    expect(r.stdout.endsWith('\nweb1\n')).toBe(true)
  })

  it('the host sees the VMM with the guest RAM as its RSS, and vCPU tasks ("CPU 0/KVM")', () => {
    const m = new Machine()
    const before = m.memory().used
    run(m, 'vm create web1 --vcpus 2 --memory 1G; vm start -q web1')
    const ps = run(m, 'ps -eo ppid,comm,rss').stdout
    const qemu = /\s(\d+)\s+qemu-system-x86\s+(\d+)/.exec(ps)!
    expect(Number(qemu[2]) * 1024).toBeGreaterThan(1 * GiB + 50 * 2 ** 20) // RAM + virtual hardware
    expect(ps).toContain('CPU 0/KVM')
    expect(ps).toContain('CPU 1/KVM')
    const used = m.memory().used - before
    expect(used / GiB).toBeGreaterThan(1.04)
    expect(used / GiB).toBeLessThan(1.2)
  })
})

describe('vm: guests are separate kernels', () => {
  it('own processes, hostname, file-max sized from the VM\'s RAM; no /dev/kvm inside', () => {
    const m = new Machine()
    run(m, 'vm create a --image alpine --memory 256M; vm start -q a')
    const r = run(m, 'vm exec a -- "hostname; cat /proc/sys/fs/file-max; ps -e | grep -c qemu; ls /dev/kvm"')
    expect(r.stdout).toBe('a\n26214\n0\n') // 256 MiB / 10 KiB, files_maxfiles_init()
    expect(r.stderr).toContain("ls: cannot access '/dev/kvm': No such file or directory")
    expect(run(m, 'cat /proc/sys/fs/file-max').stdout).toBe('838860\n')
  })

  it('free inside the guest shows the guest kernel and services using its RAM', () => {
    const m = new Machine()
    run(m, 'vm create a --memory 1G; vm start -q a')
    const line = run(m, 'vm exec a -- free -m').stdout.split('\n')[1]!
    const [total, used] = line.split(/\s+/).slice(1, 3).map(Number)
    expect(total).toBe(1024)
    expect(used).toBeGreaterThanOrEqual(200) // kernel 50-200 + drivers ~50 + services 100-300
    expect(used).toBeLessThanOrEqual(600)
  })

  it('a paused guest\'s clock stops; resume goes on from where it was', () => {
    const m = new Machine()
    run(m, 'vm create a --image alpine --memory 256M; vm start -q a')
    const up = () => Number(run(m, 'vm exec a -- cat /proc/uptime').stdout.split(' ')[0])
    const t0 = up()
    run(m, 'vm pause a; sleep 100; vm resume a')
    expect(up() - t0).toBeLessThan(5)
  })
})

describe('vm: bad input gets clear errors', () => {
  it.each([
    ['vm create x --memory abc', "vm: invalid memory size 'abc' (e.g. 512M, 2G)"],
    ['vm create x --image plan9', "vm: unknown image 'plan9' (expected one of: ubuntu, alpine, windows-like)"],
    ['vm create x --vcpus 0', "vm: invalid vCPU count '0' (1-1024)"],
    ['vm create x --memory 16M', 'vm: memory 16M is too small for ubuntu (minimum 512M)'],
    ['vm create x --image windows-like --profile microvm', "vm: image 'windows-like' needs firmware: use --profile full"],
    ['vm start nope', "vm: VM 'nope' not found (see 'vm list')"],
    ['vm create x; vm create x', "vm: VM 'x' already exists"],
    ['vm create x; vm exec x -- true', "vm: cannot exec 'x': the VM is not running"],
    ['vm create x; vm stop x', "vm: cannot stop 'x': the VM is not running"],
    ['vm create big --memory 16G; vm start big', "vm: cannot start 'big': not enough host memory: it needs"],
  ])('%s', (script, message) => {
    const r = run(new Machine(), script)
    expect(r.stderr).toContain(message)
    expect(r.status).toBe(1)
  })
})
