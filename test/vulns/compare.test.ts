// isolab compare CVE-2022-0185: each row checked against the blast-radius table
// of the reference (a host-kernel bug from a container reaches the host and
// every container; inside a VM it reaches that VM's guest and its containers,
// not the host, not other VMs), from what the probes read.
import { beforeAll, describe, expect, it } from 'vitest'
import { compare, formatComparison, type Comparison, type Row } from '../../src/compare/compare.ts'

const reached = (r: Row) => Object.entries(r.reached).filter(([, v]) => v).map(([k]) => k)

describe('isolab compare CVE-2022-0185', () => {
  let c: Comparison
  beforeAll(() => {
    const r = compare('CVE-2022-0185')
    if (typeof r === 'string') throw new Error(r)
    c = r
  })
  const row = (id: string) => c.rows.find((r) => r.topology === id)!

  it('runs a version that has the bug unless told otherwise', () => {
    expect(c.versions.kernel).toBe('5.16.1')
    expect(c.rows.map((r) => r.topology)).toEqual(['container', 'unconfined', 'privileged', 'userns', 'vm', 'container-in-vm', 'microvm'])
  })
  it('container with the default profile: blocked by seccomp, only its own sandbox', () => {
    expect(row('container')).toMatchObject({ outcome: 'blocked', stoppedBy: 'blocked by the seccomp profile docker-default' })
    expect(reached(row('container'))).toEqual(['own'])
  })
  it('container with seccomp=unconfined and a privileged container: the host and every container', () => {
    for (const id of ['unconfined', 'privileged']) {
      expect(row(id).outcome).toBe('escaped')
      expect(reached(row(id))).toEqual(['own', 'containers', 'host'])
    }
  })
  it('VM and microVM: their own guest only; not the host, not other VMs', () => {
    for (const id of ['vm', 'microvm']) {
      expect(row(id).outcome).toBe('contained')
      expect(reached(row(id))).toEqual(['own'])
      expect(row(id).stoppedBy).toContain('VM boundary')
    }
  })
  it('container inside a VM: that VM\'s containers, not the host, not other VMs', () => {
    expect(row('container-in-vm').outcome).toBe('contained')
    expect(reached(row('container-in-vm'))).toEqual(['own', 'containers'])
  })
  it('is deterministic for a seed, and --json carries the same rows', () => {
    const again = compare('CVE-2022-0185')
    expect(again).toEqual(c)
    expect(formatComparison(c)).toContain('container, seccomp=unconfined')
    expect(JSON.parse(JSON.stringify(c)).rows).toEqual(c.rows)
  })
  it('on the fixed kernel every topology is blocked by the fix', () => {
    const fixed = compare('CVE-2022-0185', { versions: { kernel: '5.16.2' } }) as Comparison
    // The default-profile containers (plain and userns-remapped) stop at seccomp before the fixed check.
    for (const r of fixed.rows.filter((x) => x.topology !== 'container' && x.topology !== 'userns')) {
      expect(r.outcome).toBe('blocked')
      expect(r.stoppedBy).toContain('Cumulative options too large')
      expect(r.reached.host).toBe(false)
    }
  })
  it('an unknown CVE is an error message', () => {
    expect(compare('CVE-2099-0001')).toBe('compare: CVE-2099-0001: not in the catalogue (isolab vulns lists it)')
  })
})
