import { describe, expect, it } from 'vitest'
import { advisorQuestions, runAdvisor } from './advisor.ts'

// The page's advisor runs the same `advise --json` as the terminal; these are
// the article's own examples ("Quick Decision Guide").
describe('the web advisor (advise --json on a fresh machine)', () => {
  it('asks the terminal\'s questions, in its order, with its defaults', () => {
    const q = advisorQuestions()
    expect(q.map((x) => x.key)).toEqual(['trust', 'compliance', 'os', 'kernel', 'latency', 'density', 'kubernetes', 'legacy', 'skills'])
    expect(q.find((x) => x.key === 'trust')).toMatchObject({ choices: ['trusted', 'untrusted'], default: 'trusted' })
    expect(q.find((x) => x.key === 'compliance')).toMatchObject({ choices: ['no', 'yes'], default: 'no' })
  })

  it('untrusted tenants: VMs, with reasons that quote this machine\'s figures and name labs', () => {
    const r = runAdvisor({ trust: 'untrusted' })
    if (typeof r === 'string') throw new Error(r)
    expect(r.recommendation).toBe('VMs')
    expect(r.reasons.length).toBeGreaterThan(1)
    expect(r.reasons.every((x) => x.lab.length > 0)).toBe(true)
    // The density reason quotes the packing measured on this machine, not the article's range.
    const dens = r.reasons.find((x) => x.lab === 'density-and-cost')!
    expect(dens.text).toContain(`${r.figures.vmsPerHost} VMs or ${r.figures.containersPerHost} containers`)
    expect(r.figures.containerStartNs).toBeGreaterThan(0)
  })

  it('the other examples: trusted fleet → containers, Kubernetes on a cloud → containers inside VMs, Windows → VMs', () => {
    const rec = (a: Record<string, string>) => {
      const r = runAdvisor(a)
      return typeof r === 'string' ? r : r.recommendation
    }
    expect(rec({ trust: 'trusted', density: 'yes', latency: 'ms' })).toBe('containers')
    expect(rec({ kubernetes: 'yes' })).toBe('containers inside VMs')
    expect(rec({ os: 'mixed' })).toBe('VMs')
  })

  it('an unknown question or choice is an error that names the choices', () => {
    expect(runAdvisor({ trust: 'maybe' })).toBe("advise: invalid trust 'maybe' (expected trusted, untrusted)")
    expect(runAdvisor({ colour: 'blue' })).toMatch(/^advise: no question 'colour' \(expected one of: trust, compliance/)
  })
})
