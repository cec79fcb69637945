// isolab compare CVE-2022-0492: each row against the reference's tables. Its entry: "stopped by
// Docker's default seccomp and AppArmor profiles"; the blast radius of a host-kernel bug: from a
// container on a host, the host and every container; from a VM (or a container inside one), that
// VM's guest only. What was reached is what the probes read (secrets planted in each place).
import { beforeAll, describe, expect, it } from 'vitest'
import { compare, type Comparison, type Row } from '../../src/compare/compare.ts'

const reached = (r: Row) => Object.entries(r.reached).filter(([, v]) => v).map(([k]) => k)

describe('isolab compare CVE-2022-0492', () => {
  let c: Comparison
  beforeAll(() => {
    const r = compare('CVE-2022-0492')
    if (typeof r === 'string') throw new Error(r)
    c = r
  })
  const row = (id: string) => c.rows.find((r) => r.topology === id)!

  it('runs an affected kernel (5.16.5) on hosts and guests that have a cgroup v1 hierarchy', () => {
    expect(c.versions.kernel).toBe('5.16.5')
    expect(c.rows).toHaveLength(7)
  })
  it('container with the default profile: seccomp docker-default refuses unshare; only its own sandbox', () => {
    expect(row('container')).toMatchObject({ outcome: 'blocked', stoppedBy: 'blocked by the seccomp profile docker-default' })
    expect(reached(row('container'))).toEqual(['own'])
  })
  it('container with seccomp=unconfined: AppArmor docker-default still denies the mount; only its own sandbox', () => {
    expect(row('unconfined')).toMatchObject({ outcome: 'blocked', stoppedBy: 'blocked by the AppArmor profile docker-default' })
    expect(reached(row('unconfined'))).toEqual(['own'])
  })
  it('privileged container (neither profile): the host and every container', () => {
    expect(row('privileged').outcome).toBe('escaped')
    expect(reached(row('privileged'))).toEqual(['own', 'containers', 'host'])
  })
  it('userns-remapped container: never the host', () => {
    expect(row('userns').outcome).not.toBe('escaped')
    expect(row('userns').reached.host).toBe(false)
  })
  it('VM and microVM (the guest\'s root runs it): the release agent runs in the guest; its own guest only', () => {
    for (const id of ['vm', 'microvm']) {
      expect(row(id).outcome).toBe('contained')
      expect(reached(row(id))).toEqual(['own'])
    }
  })
  it('container in a VM with seccomp=unconfined: the guest\'s Docker applies AppArmor too; never the host or another VM', () => {
    expect(row('container-in-vm')).toMatchObject({ outcome: 'blocked', stoppedBy: 'blocked by the AppArmor profile docker-default' })
    expect(reached(row('container-in-vm'))).toEqual(['own'])
  })
  it('on a fixed kernel every row that gets as far as release_agent is refused by the fix', () => {
    const fixed = compare('CVE-2022-0492', { versions: { kernel: '5.16.6' } }) as Comparison
    for (const r of fixed.rows) {
      expect(r.reached.host).toBe(false)
      if (['privileged', 'vm', 'microvm'].includes(r.topology)) expect(r.stoppedBy).toContain('this kernel has the fix, commit 24f600856418')
    }
  })
})
