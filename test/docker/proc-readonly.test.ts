// Docker's default spec makes /proc/sys (and /proc/bus, fs, irq, sysrq-trigger)
// read-only and masks /proc/kcore, /proc/keys, /sys/firmware ... (moby
// oci/defaults.go ReadonlyPaths/MaskedPaths; runc readonlyPath/maskPath bind
// the path onto itself and remount it read-only). --privileged lifts both.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('/proc/sys in a container', () => {
  it('a write fails with "Read-only file system"; reads still work; mountinfo shows the bind of /sys read-only', () => {
    const r = run('docker pull -q alpine >/dev/null 2>&1; docker run --rm alpine sh -c "echo x > /proc/sys/kernel/hostname; echo \\$?; cat /proc/sys/kernel/ostype; grep \\" /proc/sys \\" /proc/self/mountinfo | cut -d\\" \\" -f4-6"')
    expect(r.stderr).toContain('sh: line 1: /proc/sys/kernel/hostname: Read-only file system\n')
    expect(r.stdout).toBe('1\nLinux\n/sys /proc/sys ro,nosuid,nodev,noexec,relatime\n')
  })
  it('--privileged keeps /proc/sys writable', () => {
    expect(run('docker run --rm --privileged alpine sh -c "echo lab > /proc/sys/kernel/hostname && hostname" 2>/dev/null').stdout).toBe('lab\n')
  })
  it('a bind mount of a procfs directory shows that directory (mount --bind /proc/sys /mnt)', () => {
    const r = run('mount --bind /proc/sys /mnt; cat /mnt/kernel/ostype; grep " /mnt " /proc/self/mountinfo | cut -d" " -f4,5')
    expect(r.stdout).toBe('Linux\n/sys /mnt\n')
  })
})
