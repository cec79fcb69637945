// Issue #15 part 3: the fuzzer's corpus of past findings (corpus.txt) gives no
// kernel oops, no JS exception in a program and no exception out of the
// machine. Each script gets a small step budget here: what it must print is
// checked by the reproducer tests (test/robust); this asserts it ends cleanly.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadLab } from '../../src/labs/index.ts'
import { corpus, CORPUS_STEPS, FuzzMachine, labCase } from './check.ts'

const CASES = corpus(readFileSync(new URL('./corpus.txt', import.meta.url), 'utf8'))

describe('the fuzz corpus ends cleanly', () => {
  let fm = new FuzzMachine(1)
  it.each(CASES)('%s', (script) => {
    expect(fm.script(script, CORPUS_STEPS)).toEqual([])
    if (fm.m.kernel.panicked || fm.cases >= 20) fm = new FuzzMachine(1)
  })
})

describe('lab files: the loader answers, never throws', () => {
  it.each(['', ':', '- [', 'id: x\nsteps: 1', 'id: !!binary x', 'id: ' + 'x'.repeat(10_000), '\t- x'])('%j', (text) => {
    expect(labCase(text)).toEqual([])
  })
  it('an alias without its anchor is an error at the alias (a fuzz finding: the yaml package throws from toJS)', () => {
    expect(loadLab('id: x\nsteps: *s\n', 'l.yaml')).toEqual({ ok: false, errors: [
      { file: 'l.yaml', line: 2, col: 8, message: 'YAML error: Unresolved alias (the anchor must be set before the alias): s' }] })
  })
  it('too many aliases (a billion-laughs file) is an error, not a hang', () => {
    const laughs = 'a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
    const r = loadLab(laughs, 'l.yaml')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]!.message).toBe('YAML error: Excessive alias count indicates a resource exhaustion attack')
  })
})
