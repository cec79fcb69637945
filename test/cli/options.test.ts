import { describe, expect, it } from 'vitest'
import { parseCommandLine, UsageError } from '../../src/cli/options.ts'
import { withPositionalArgs } from '../../src/cli/run-script.ts'
import { parseSize } from '../../src/cli/size.ts'

describe('command line', () => {
  it('defaults to an interactive shell with seed 1', () => {
    expect(parseCommandLine([])).toEqual({ kind: 'interactive', opts: { seed: 1 } })
  })
  it('parses global options before the command', () => {
    expect(parseCommandLine(['--seed', '7', '--memory=512M', '--cpus', '4', 'sh', '-c', 'echo $1', 'n', 'a'])).toEqual({
      kind: 'sh',
      opts: { seed: 7, memoryBytes: 512 * 2 ** 20, cpus: 4 },
      sh: { source: 'string', script: 'echo $1', name: 'n', args: ['a'] },
    })
  })
  it('sh FILE, sh -, sh with no args', () => {
    expect(parseCommandLine(['sh', 'x.sh', 'a'])).toMatchObject({ sh: { source: 'file', path: 'x.sh', args: ['a'] } })
    expect(parseCommandLine(['sh'])).toMatchObject({ sh: { source: 'stdin' } })
  })
  it('help and version win', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' })
    expect(parseCommandLine(['-V'])).toEqual({ kind: 'version' })
  })
  it.each([
    [['--x'], "unrecognized option '--x'"],
    [['--seed'], "option '--seed' requires an argument"],
    [['--seed', 'abc'], "invalid value 'abc' for --seed"],
    [['--memory', 'lots'], "invalid memory size 'lots'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['sh', '-c'], 'sh: -c: option requires an argument'],
    [['sh', '-x'], "sh: unrecognized option '-x'"],
  ])('%j is a usage error', (argv, msg) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError)
    expect(() => parseCommandLine(argv)).toThrow(msg)
  })
  it('sizes', () => {
    expect(parseSize('8G')).toBe(8 * 2 ** 30)
    expect(parseSize('1.5GiB')).toBe(1.5 * 2 ** 30)
    expect(parseSize('4096')).toBe(4096)
    expect(parseSize('x')).toBeUndefined()
  })
  it('positional args become set --, quoted', () => {
    expect(withPositionalArgs('echo $1', ["it's"])).toBe(`set -- 'it'\\''s'\necho $1`)
  })
})
