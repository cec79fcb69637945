// The docker CLI's flag parsing (spf13/pflag): a command's flag table is indexed
// once and used by every parse, so nothing of one parse may show in the next.
import { describe, expect, it } from 'vitest'
import { parseFlags, type FlagDef, type ParsedFlags } from '../../src/runtime/flags.ts'

const DEFS: FlagDef[] = [
  { long: 'env', short: 'e', kind: 'list' },
  { long: 'name', kind: 'string' },
  { long: 'detach', short: 'd', kind: 'bool' },
]

describe('docker CLI flags', () => {
  it('list flags collect within one parse only; string flags keep the last; parsing stops at the first operand', () => {
    // -de C=3: a cluster of a bool and a flag whose value is the next word (pflag shorthand clusters).
    const a = parseFlags(['-e', 'A=1', '--env=B=2', '-de', 'C=3', '--name', 'x', '--name=y', 'img', '-e', 'Z'], DEFS) as ParsedFlags
    expect(a.values.get('env')).toEqual(['A=1', 'B=2', 'C=3'])
    expect(a.values.get('detach')).toEqual(['true'])
    expect(a.values.get('name')).toEqual(['y'])
    expect(a.operands).toEqual(['img', '-e', 'Z'])
    const b = parseFlags(['-eC=3', 'img'], DEFS) as ParsedFlags
    expect(b.values.get('env')).toEqual(['C=3'])
    expect(b.values.has('name')).toBe(false)
    expect(parseFlags(['--nope'], DEFS)).toEqual({ error: 'unknown flag: --nope' })
    expect(parseFlags(['-x'], DEFS)).toEqual({ error: "unknown shorthand flag: 'x' in -x" })
  })
})
