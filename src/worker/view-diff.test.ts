import { applyPatches } from 'immer'
import { describe, expect, it } from 'vitest'
import { diffView } from './view-diff.ts'

describe('diffView', () => {
  const base = {
    nowNs: 1,
    files: { nr: 10, max: 100, nrOpen: 1024 },
    processes: [
      { pid: 1, comm: 'init', ns: { pid: 4026531836 } },
      { pid: 2, comm: 'bash', ns: { pid: 4026531836 } },
    ],
    cgroups: [] as { path: string }[],
  }

  it('emits no patches when nothing changed', () => {
    expect(diffView(base, structuredClone(base)).patches).toEqual([])
  })

  it('patches only the leaves that changed', () => {
    const next = structuredClone(base)
    next.files.nr = 11
    const { patches } = diffView(base, next)
    expect(patches).toEqual([{ op: 'replace', path: ['files', 'nr'], value: 11 }])
  })

  it('handles arrays growing and shrinking, and round-trips through applyPatches', () => {
    const grown = structuredClone(base)
    grown.processes.push({ pid: 3, comm: 'fdflood', ns: { pid: 4026531836 } })
    grown.cgroups.push({ path: '/' })
    const a = diffView(base, grown)
    expect(applyPatches(base, a.patches)).toEqual(grown)
    const shrunk = structuredClone(grown)
    shrunk.processes.splice(0, 1)
    const b = diffView(a.state, shrunk)
    expect(applyPatches(a.state, b.patches)).toEqual(shrunk)
  })

  it('removes keys that disappeared', () => {
    const prev = { a: { x: 1, y: 2 } as Record<string, number> }
    const next = { a: { x: 1 } }
    const { patches, state } = diffView(prev, next)
    expect(patches).toEqual([{ op: 'remove', path: ['a', 'y'] }])
    expect(state).toEqual(next)
  })
})
