import { describe, expect, it } from 'vitest'
import { getoptLong, type LongOption } from './getopt.ts'

const LS: LongOption[] = [
  { name: 'all', hasArg: 'no', val: 'a' },
  { name: 'almost-all', hasArg: 'no', val: 'A' },
  { name: 'directory', hasArg: 'no', val: 'd' },
  { name: 'color', hasArg: 'optional', val: 'C' },
  { name: 'lines', hasArg: 'required', val: 'n' },
]

describe('getoptLong', () => {
  it('parses short clusters and attached/detached arguments', () => {
    const r = getoptLong(['head', '-qn5', '-c', '10', 'f'], 'qn:c:')
    expect(r).toEqual({ ok: true, opts: [{ opt: 'q' }, { opt: 'n', arg: '5' }, { opt: 'c', arg: '10' }], operands: ['f'] })
  })
  it('permutes operands and options like coreutils', () => {
    const r = getoptLong(['ls', 'dir', '-l', 'x', '-a'], 'la')
    expect(r).toEqual({ ok: true, opts: [{ opt: 'l' }, { opt: 'a' }], operands: ['dir', 'x'] })
  })
  it('stops at the first operand with a leading +', () => {
    const r = getoptLong(['env', '-i', 'ls', '-l'], '+i')
    expect(r).toEqual({ ok: true, opts: [{ opt: 'i' }], operands: ['ls', '-l'] })
  })
  it('treats -- as the end of options and - as an operand', () => {
    const r = getoptLong(['cat', '-', '--', '-n'], 'n')
    expect(r).toEqual({ ok: true, opts: [], operands: ['-', '-n'] })
  })
  it('handles optional short arguments only when attached', () => {
    expect(getoptLong(['x', '-o', 'y'], 'o::')).toEqual({ ok: true, opts: [{ opt: 'o' }], operands: ['y'] })
    expect(getoptLong(['x', '-oy'], 'o::')).toEqual({ ok: true, opts: [{ opt: 'o', arg: 'y' }], operands: [] })
  })
  it('parses long options with = and separate arguments, and abbreviations', () => {
    const r = getoptLong(['ls', '--lines=3', '--lines', '4', '--dir', '--color', '--color=never'], '', LS)
    expect(r).toEqual({
      ok: true,
      opts: [{ opt: 'n', arg: '3' }, { opt: 'n', arg: '4' }, { opt: 'd' }, { opt: 'C' }, { opt: 'C', arg: 'never' }],
      operands: [],
    })
  })
  it("prints glibc's diagnostics", () => {
    const msg = (argv: string[], o = 'n:', l = LS) => {
      const r = getoptLong(argv, o, l)
      return r.ok ? '' : r.message
    }
    expect(msg(['cat', '-z'], 'n')).toBe("cat: invalid option -- 'z'\n")
    expect(msg(['ls', '--bogus'])).toBe("ls: unrecognized option '--bogus'\n")
    expect(msg(['ls', '--bogus=1'])).toBe("ls: unrecognized option '--bogus=1'\n")
    expect(msg(['head', '-n'])).toBe("head: option requires an argument -- 'n'\n")
    expect(msg(['ls', '--all=x'])).toBe("ls: option '--all' doesn't allow an argument\n")
    expect(msg(['ls', '--lin'])).toBe("ls: option '--lines' requires an argument\n")
    expect(msg(['ls', '--al'])).toBe("ls: option '--al' is ambiguous; possibilities: '--all' '--almost-all'\n")
  })
})
