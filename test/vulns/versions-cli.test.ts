// Component versions from the command line to what programs see: uname -r,
// /proc/version, /proc/sys/kernel/osrelease, /proc/cmdline, runc --version,
// docker version, and the vulns listing.
import { describe, expect, it } from 'vitest'
import { parseCommandLine, UsageError } from '../../src/cli/options.ts'
import { Machine } from '../../src/host/machine.ts'

describe('--kernel, --runc, --qemu, --cpu, --mitigations', () => {
  it('parse into the machine options', () => {
    expect(parseCommandLine(['--kernel', '5.16.1', '--runc=1.1.11', '--qemu', '2.2.0', '--cpu', 'Skylake-Server', '--mitigations', 'off', 'sh', '-c', 'uname -r'])).toMatchObject({
      kind: 'sh', opts: { versions: { kernel: '5.16.1', runc: '1.1.11', qemu: '2.2.0', cpu: 'Skylake-Server', mitigations: 'off' } },
    })
  })
  it('refuse what is not a version', () => {
    expect(() => parseCommandLine(['--kernel', 'five', 'sh'])).toThrow(new UsageError("invalid version 'five' for --kernel (expected e.g. 5.16.1, 1.1.11, 1.0.0-rc6)"))
    expect(() => parseCommandLine(['--mitigations', 'on', 'sh'])).toThrow(UsageError)
  })
  it('isolab vulns runs the vulns program on the machine', () => {
    expect(parseCommandLine(['--kernel', '5.16.1', 'vulns', '--json'])).toMatchObject({ kind: 'sh', sh: { source: 'string', script: 'vulns --json' } })
  })
})

describe('what the machine reports', () => {
  it('uname -r, /proc/version and osrelease show the kernel release; the default is current and patched', () => {
    const old = new Machine({ versions: { kernel: '5.16.1' } }).runScript('uname -r; cat /proc/sys/kernel/osrelease; cat /proc/version')
    expect(old.stdout.split('\n').slice(0, 2)).toEqual(['5.16.1', '5.16.1'])
    expect(old.stdout).toContain('Linux version 5.16.1 (isolab@isolab)')
    expect(new Machine().runScript('uname -r').stdout).toBe('6.8.0-isolab\n')
  })
  it('mitigations=off appears on the kernel command line (/proc/cmdline, dmesg)', () => {
    const r = new Machine({ versions: { mitigations: 'off' } }).runScript('cat /proc/cmdline; dmesg | grep "Command line"')
    expect(r.stdout).toMatch(/quiet mitigations=off\n.*Command line: .* mitigations=off\n/)
  })
  it('runc --version and docker version read the runc binary', () => {
    const r = new Machine({ versions: { runc: '1.1.11' } }).runScript('runc --version; docker version | tail -2')
    expect(r.stdout).toBe('runc version 1.1.11\nspec: 1.0.2-dev\n runc:\n  Version:          1.1.11\n')
  })
  it('vulns: nothing affected by default; 5.16.1 has CVE-2022-0185 (json)', () => {
    const now = JSON.parse(new Machine().runScript('vulns --json').stdout)
    expect(now.vulns.filter((v: { affected: boolean }) => v.affected)).toEqual([])
    const old = JSON.parse(new Machine({ versions: { kernel: '5.16.1' } }).runScript('vulns --json').stdout)
    const e = old.vulns.find((v: { id: string }) => v.id === 'CVE-2022-0185')
    expect(e).toMatchObject({ affected: true, version: '5.16.1', component: 'kernel' })
    expect(e.inForce).toContain('seccomp')
  })
  it('vulns: an unknown CVE is an error, the session goes on', () => {
    const r = new Machine().runScript('vulns CVE-2099-1; echo $?')
    expect(r.stderr).toBe('vulns: CVE-2099-1: not in the catalogue (vulns lists it)\n')
    expect(r.stdout).toBe('1\n')
  })
})
