// lscpu(1) (util-linux 2.38's default layout: "name:" padded to the longest, sub-items
// indented by two) and man(1) (man-db: the title line, "No manual entry for X" with status 16,
// -k as apropos). A VM guest's lscpu: "Hypervisor vendor: KVM", "Virtualization type: full".
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string, opts?: { maxSteps?: number }) => new Machine().runScript(script, opts)

describe('lscpu', () => {
  it('the host: architecture, CPUs, model, and VT-x under Virtualization features', () => {
    const r = run('lscpu')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('Architecture:            x86_64')
    expect(lines).toContain('CPU(s):                  2')
    expect(lines).toContain('  On-line CPU(s) list:   0,1')
    expect(lines).toContain('Vendor ID:               GenuineIntel')
    expect(lines).toContain('Virtualization features: ')
    expect(lines).toContain('  Virtualization:        VT-x')
    expect(r.stdout).not.toContain('Hypervisor vendor')
    expect(lines).toContain('Vulnerabilities:         ')
    expect(r.stdout).toMatch(/\n {2}Spectre v2: +\S/)
  })

  it('in a VM guest: the hypervisor flag in /proc/cpuinfo, Hypervisor vendor KVM, Virtualization type full', () => {
    const r = run('vm create a >/dev/null; vm start -q a; vm exec a -- "grep -c hypervisor /proc/cpuinfo; lscpu" ; grep -c hypervisor /proc/cpuinfo', { maxSteps: 50_000_000 })
    expect(r.stdout).toMatch(/\n1\nArchitecture: /) // one vCPU, its flags with the hypervisor bit
    expect(r.stdout).toContain('\n  Hypervisor vendor:     KVM\n  Virtualization type:   full\n')
    expect(r.stdout).not.toContain('VT-x')
    expect(r.stdout).toMatch(/\n0\n$/) // the host's own flags have no hypervisor bit
  })
})

describe('man', () => {
  it('prints a short page for an installed command', () => {
    const r = run('man lsns')
    expect(r.stdout.split('\n')[0]).toBe('LSNS(1)                          User Commands                           LSNS(1)')
    expect(r.stdout).toContain('NAME\n       lsns - list namespaces\n')
    expect(r.stdout).toContain("Run 'lsns --help' for the options")
  })
  it('"No manual entry for X", status 16; no argument asks which page', () => {
    expect(run('man nope; echo $?')).toEqual({ stdout: '16\n', stderr: 'No manual entry for nope\n', status: 0 })
    expect(run('man').stderr).toBe("What manual page do you want?\nFor example, try 'man man'.\n")
  })
  it('-k searches names and descriptions (apropos)', () => {
    expect(run('man -k namespaces').stdout).toContain('lsns (1)             - list namespaces\n')
  })
})
