import { describe, expect, it } from 'vitest'
import { S_IFDIR, S_IFLNK, S_IFREG } from '../../../kernel-sim/abi/index.ts'
import { compileAwk } from './awk/compile.ts'
import { AwkState } from './awk/runtime.ts'
import { humanCeil, modeString } from './format.ts'
import { columns, longRows } from './lsformat.ts'
import { sprintf } from './printf.ts'
import { parseFormat } from '../ps.ts'
import { renderTable } from './pscols.ts'
import type { ProcInfo } from './procfs.ts'
import { parseStat, ttyName } from './procfs.ts'
import { posixToRe2 } from './regex.ts'
import { parseSed, Sed } from './sed.ts'
import { civil, lsTime } from './time.ts'

/** Drives an awk generator that makes no syscalls (these programs take fewer steps than one CPU charge). */
function sync<T>(g: Generator<unknown, T>): T {
  const r = g.next()
  if (!r.done) throw new Error('unexpected syscall')
  return r.value
}

/** Runs an awk program over lines, returning stdout text. */
function awk(src: string, input: string[]): string {
  const p = compileAwk(src)
  const s = new AwkState()
  for (const b of p.begin) sync(b(s))
  input.forEach((l, i) => {
    s.setVar('NR', i + 1)
    s.setRecord(l)
    for (const r of p.rules) if (!r.pattern || Number(sync(r.pattern(s)))) sync(r.action(s))
  })
  for (const e of p.end) sync(e(s))
  return s.output.map((c) => c.text).join('')
}

describe('regex translation', () => {
  it('BRE: groups, intervals, literal +?(){}|, leading *', () => {
    expect(posixToRe2('\\(ab\\)\\{2\\}', false)).toBe('(ab){2}')
    expect(posixToRe2('a+b?(c)|{', false)).toBe('a\\+b\\?\\(c\\)\\|\\{')
    expect(posixToRe2('*a', false)).toBe('\\*a')
    expect(posixToRe2('[[:digit:]]x$', false)).toBe('[0-9]x$')
    expect(new RegExp(posixToRe2('a\\+\\|z', false)).test('caa')).toBe(true)
  })
  it('ERE: alternation, classes, literal brace', () => {
    expect(posixToRe2('(a|b)+[]x]{1,2}', true)).toBe('(a|b)+[\\]x]{1,2}')
    expect(posixToRe2('a{', true)).toBe('a\\{')
    expect(() => posixToRe2('a)', true)).toThrow('Unmatched ) or \\)')
  })
})

describe('sed', () => {
  const sed = (script: string, lines: string[], n = false) => {
    const s = new Sed(parseSed(script, false), n)
    return lines.map((l, i) => s.line(l, i === lines.length - 1)).join('')
  }
  it('s with g, numeric flag, & and groups', () => {
    expect(sed('s/o/0/g', ['foo'])).toBe('f00\n')
    expect(sed('s/o/0/2', ['fooo'])).toBe('fo0o\n')
    expect(sed('s/\\(a\\)\\(b\\)/\\2\\1[&]/', ['ab'])).toBe('ba[ab]\n')
  })
  it('addresses, ranges, -n p, d, $', () => {
    expect(sed('2,3d', ['1', '2', '3', '4'])).toBe('1\n4\n')
    expect(sed('$p', ['1', '2'], true)).toBe('2\n')
    expect(sed('/b/,/c/p', ['a', 'b', 'x', 'c', 'd'], true)).toBe('b\nx\nc\n')
    expect(() => parseSed('s/a/b', false)).toThrow("-e expression #1, char 5: unterminated `s' command")
  })
})

describe('awk interpreter', () => {
  it('fields, NF, $NF, OFS, assignment to fields', () => {
    expect(awk('{ print NF, $NF }', ['a b c'])).toBe('3 c\n')
    expect(awk('BEGIN { OFS = "-" } { $2 = "X"; print }', ['a b c'])).toBe('a-X-c\n')
  })
  it('arrays, for-in, functions, printf, string builtins', () => {
    expect(awk('{ c[$1]++ } END { for (k in c) n++; print n, c["a"] }', ['a', 'b', 'a'])).toBe('2 2\n')
    expect(awk('function sq(x) { return x * x } BEGIN { print sq(7) }', [])).toBe('49\n')
    expect(awk('BEGIN { printf "%d %s %.2f\\n", "42abc", substr("hello", 2, 3), 1/3 }', [])).toBe('42 ell 0.33\n')
    expect(awk('BEGIN { s = "aXbX"; n = gsub(/X/, "-", s); print n, s, toupper(s), length(s), index(s, "b") }', [])).toBe('2 a-b- A-B- 4 3\n')
    expect(awk('BEGIN { n = split("a:b:c", p, ":"); print n, p[3] }', [])).toBe('3 c\n')
  })
  it('comparisons: strnum fields compare numerically, constants as strings', () => {
    expect(awk('$1 > 9 { print "big" }', ['10', '9'])).toBe('big\n')
    expect(awk('/^a/ && !/z/ { print }', ['ab', 'az', 'b'])).toBe('ab\n')
    expect(awk('BEGIN { print 1 == 1.0, "10" < "9", 0.1 + 0.2, 1e6, 100000 * 100 }', [])).toBe('1 1 0.3 1000000 10000000\n')
  })
})

describe('formatters', () => {
  it('mode strings', () => {
    expect(modeString(S_IFDIR | 0o755)).toBe('drwxr-xr-x')
    expect(modeString(S_IFDIR | 0o1777)).toBe('drwxrwxrwt')
    expect(modeString(S_IFREG | 0o4755)).toBe('-rwsr-xr-x')
    expect(modeString(S_IFLNK | 0o700)).toBe('lrwx------')
  })
  it('ls -l rows align like coreutils', () => {
    const st = (mode: number, size: number, nlink = 1) => ({ dev: 1, ino: 2, mode, nlink, uid: 0, gid: 0, rdev: 0, size, atimeNs: 0, mtimeNs: 0, ctimeNs: 0 })
    const rows = longRows([
      { name: 'dir', st: st(S_IFDIR | 0o755, 4096, 12) },
      { name: '0', st: st(S_IFLNK | 0o700, 64), target: '/dev/pts/0' },
    ], { numeric: false, inode: false, human: false, classify: '', nowNs: 1e9, userLabel: () => 'root', groupLabel: () => 'root' })
    expect(rows).toEqual([
      'drwxr-xr-x 12 root root 4096 Jan  1 00:00 dir',
      'lrwx------  1 root root   64 Jan  1 00:00 0 -> /dev/pts/0',
    ])
    expect(columns(['a', 'bb', 'c', 'd'], 8)).toEqual(['a   c', 'bb  d'])
    expect(humanCeil(4096)).toBe('4.0K')
  })
  it('dates come from the virtual clock', () => {
    expect(civil(1764180000e9)).toMatchObject({ year: 2025, month: 11, day: 26, hour: 18, min: 0 })
    expect(lsTime(1764180000e9, 1764180000e9 + 1e9)).toBe('Nov 26 18:00')
    expect(lsTime(0, 1764180000e9)).toBe('Jan  1  1970')
  })
  it('printf conversions', () => {
    const a = (v: number | string) => ({ num: () => Number(v) || 0, str: () => String(v) })
    expect(sprintf('%5d|%-5s|%05.1f|%x|%e|%g|%%', [a(42), a('ab'), a(3.14159), a(255), a(12345.678), a(0.0001)]))
      .toBe('   42|ab   |003.1|ff|1.234568e+04|0.0001|%')
  })
  it('ps: /proc/[pid]/stat parsing, tty names, column layout', () => {
    const s = parseStat('42 (my (odd) prog) S 1 42 42 34816 42 0 0 0 0 0 150 50 0 0 20 0 1 0 100 9437184 256 0')!
    expect(s).toMatchObject({ pid: 42, comm: 'my (odd) prog', state: 'S', ppid: 1, ttyNr: 34816, utime: 150, stime: 50, rssPages: 256 })
    expect(ttyName(34816)).toBe('pts/0')
    const cols = parseFormat('pid,tname,time,ucmd')
    if (typeof cols === 'string') throw new Error(cols)
    const p = { ...s, ruid: 0, euid: 0, args: ['prog'], cgroup: '0::/' } as ProcInfo
    const ctx = { nowNs: 1e12, bootNs: 0, memTotalKb: 1, pidWidth: 7, userName: () => 'root' }
    expect(renderTable(cols, [p], ctx)).toEqual(['    PID TTY          TIME CMD', '     42 pts/0    00:00:02 my (odd) prog'])
    expect(parseFormat('pid,bogus')).toBe('unknown user-defined format specifier "bogus"')
  })
})
