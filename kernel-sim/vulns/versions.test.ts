// Version ordering and ranges as the catalogue needs them (stable-branch fixes from the upstream advisories).
import { describe, expect, it } from 'vitest'
import { compareVersions, describeRange, inRange, isVersion } from './versions.ts'
import { CVE_2022_0185, CVE_2022_0847, CVE_2022_0492 } from './kernel-cves.ts'
import { CVE_2019_5736, CVE_2024_21626 } from './runc-cves.ts'
import { DEFAULT_VERSIONS, affected, armed, findVuln } from './index.ts'

describe('compareVersions', () => {
  it('orders numerically, missing parts as 0, release candidates before their release', () => {
    expect(compareVersions('5.16.1', '5.16.2')).toBeLessThan(0)
    expect(compareVersions('5.10.102', '5.9')).toBeGreaterThan(0)
    expect(compareVersions('5.17', '5.17.0')).toBe(0)
    expect(compareVersions('5.17-rc3', '5.17')).toBeLessThan(0)
    expect(compareVersions('5.16.20', '5.17-rc3')).toBeLessThan(0)
    expect(compareVersions('1.0.0-rc6', '1.0.0-rc7')).toBeLessThan(0)
    expect(compareVersions('1.0.0-rc93', '1.0.0')).toBeLessThan(0)
  })
  it('ignores a local-version suffix (6.8.0-isolab is 6.8.0)', () => {
    expect(compareVersions('6.8.0-isolab', '6.8.0')).toBe(0)
    expect(compareVersions('5.15.0-91-generic', '5.15.0')).toBe(0)
  })
  it('accepts version strings and refuses others', () => {
    for (const v of ['5.16.1', '6.8.0-isolab', '1.0.0-rc6', '2.2.0', '5.17-rc3']) expect(isVersion(v)).toBe(true)
    for (const v of ['', 'five', '5.x', '-1', '5..1']) expect(isVersion(v)).toBe(false)
  })
})

describe('ranges with stable-branch fixes', () => {
  const r0185 = CVE_2022_0185.ranges[0]!
  it('CVE-2022-0185: 5.1 to 5.16.1, and the stable trees before their backport (NVD; 722d94847de2)', () => {
    for (const v of ['5.1', '5.16.1', '5.10.92', '5.15.15', '5.4.172', '5.11.22']) expect(inRange(v, r0185), v).toBe(true)
    for (const v of ['5.0.21', '5.16.2', '5.10.93', '5.15.16', '5.4.173', '6.8.0-isolab', '4.19.300']) expect(inRange(v, r0185), v).toBe(false)
  })
  it('Dirty Pipe: 5.8 to 5.16.10, fixed in 5.16.11, 5.15.25, 5.10.102 (dirtypipe.cm4all.com)', () => {
    const r = CVE_2022_0847.ranges[0]!
    for (const v of ['5.8', '5.16.10', '5.15.24', '5.10.101', '5.13.19']) expect(inRange(v, r), v).toBe(true)
    for (const v of ['5.7.19', '5.4.300', '5.16.11', '5.15.25', '5.10.102', '5.17']) expect(inRange(v, r), v).toBe(false)
  })
  it('CVE-2022-0492: fixed in 5.17-rc3 and the stable trees', () => {
    const r = CVE_2022_0492.ranges[0]!
    expect(inRange('5.16.5', r)).toBe(true)
    expect(inRange('5.16.6', r)).toBe(false)
    expect(inRange('5.17-rc2', r)).toBe(true)
    expect(inRange('5.17', r)).toBe(false)
  })
  it('runc: CVE-2019-5736 up to 1.0.0-rc6, CVE-2024-21626 from 1.0.0-rc93 to 1.1.11', () => {
    expect(inRange('1.0.0-rc6', CVE_2019_5736.ranges[0]!)).toBe(true)
    expect(inRange('1.0.0-rc7', CVE_2019_5736.ranges[0]!)).toBe(false)
    expect(inRange('1.1.11', CVE_2024_21626.ranges[0]!)).toBe(true)
    expect(inRange('1.1.12', CVE_2024_21626.ranges[0]!)).toBe(false)
    expect(inRange('1.0.0-rc92', CVE_2024_21626.ranges[0]!)).toBe(false)
  })
  it('describes a range as vulns prints it', () => {
    expect(describeRange(r0185)).toBe('>= 5.1, < 5.16.2 (stable fixes: 5.15.16, 5.10.93, 5.4.173)')
    expect(describeRange(CVE_2019_5736.ranges[0]!)).toBe('< 1.0.0-rc7')
  })
})

describe('the catalogue', () => {
  it('nothing is armed on the default, patched versions', () => {
    expect(affected(DEFAULT_VERSIONS)).toEqual([])
  })
  it('5.16.1 + runc 1.1.11 has the three kernel bugs and Leaky Vessels', () => {
    const ids = affected({ ...DEFAULT_VERSIONS, kernel: '5.16.1', runc: '1.1.11' }).map((e) => e.id)
    expect(ids).toEqual(['CVE-2022-0185', 'CVE-2022-0847', 'CVE-2022-0492', 'CVE-2024-21626'])
  })
  it('finds entries case-insensitively; unknown ids are never armed', () => {
    expect(findVuln('cve-2022-0847')?.name).toBe('Dirty Pipe')
    expect(armed({ ...DEFAULT_VERSIONS, kernel: '5.16.1' }, 'CVE-2099-0001')).toBe(false)
  })
  it('VENOM: QEMU <= 2.3.0 (the fix came after 2.3.0, in 2.3.1 and 2.4.0)', () => {
    for (const [qemu, yes] of [['2.2.0', true], ['2.3.0', true], ['2.3.1', false], ['2.4.0', false], ['8.2.2', false]] as const) {
      expect(armed({ ...DEFAULT_VERSIONS, qemu }, 'CVE-2015-3456'), qemu).toBe(yes)
    }
  })
  it('CPU bugs: the listed model, left open by the kernel (mitigations=off; L1TF also with SMT on)', () => {
    const sky = { ...DEFAULT_VERSIONS, cpu: 'Skylake-Server' }
    expect(armed(sky, 'CVE-2017-5715')).toBe(false)
    expect(armed({ ...sky, mitigations: 'off' }, 'CVE-2017-5715')).toBe(true)
    expect(armed(sky, 'CVE-2018-3646')).toBe(true) // "SMT vulnerable"
    expect(armed({ ...sky, smt: 'off' }, 'CVE-2018-3646')).toBe(false)
    expect(armed({ ...sky, smt: 'off', mitigations: 'off' }, 'CVE-2018-3646')).toBe(true)
    expect(armed({ ...DEFAULT_VERSIONS, mitigations: 'off' }, 'CVE-2018-3646')).toBe(false) // Ice Lake: not affected
  })
  it('every entry has a code path, preconditions, an effect, a fix and references', () => {
    for (const e of affected({ ...DEFAULT_VERSIONS, kernel: '5.8', runc: '1.0.0-rc6' })) {
      expect(e.codePath && e.effect && e.fix).toBeTruthy()
      expect(e.preconditions.length && e.references.length).toBeGreaterThan(0)
    }
  })
})
