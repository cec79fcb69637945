// Issue #15 part 3 item 3: runaways the step budget could not stop. Regexes
// are matched in linear time (RE2's guarantee: "time linear in the size of
// the input", re2/re2.h), so no pattern spins in JavaScript between syscalls.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { compilePosix } from '../../src/programs/lib/regex.ts'

function run(script: string, maxSteps = 2_000_000) {
  const m = new Machine()
  const traps: string[] = []
  ;(m.kernel.host as { logged?: (msg: string) => void }).logged = (msg) => {
    if (msg.startsWith('traps:') || msg.startsWith('BUG:')) traps.push(msg)
  }
  const r = m.runScript(script, { maxSteps })
  return { ...r, traps, m }
}

/** Types `line` at an interactive prompt, lets it run a little, presses Ctrl-C: what follows. */
function interrupted(line: string): string {
  const m = new Machine()
  let out = ''
  const t = m.openTerminal({ cols: 80, rows: 24, onOutput: (d) => (out += d) })
  const settle = () => {
    for (let k = 0; k < 500 && !t.wantsInput && !t.closed; k++) m.runSlice()
  }
  settle()
  t.inputLine(line)
  for (let k = 0; k < 3; k++) m.runSlice(2000)
  expect(t.wantsInput).toBe(false)
  out = ''
  t.interrupt()
  settle()
  return out
}

const A100K = "printf '%*s\\n' 100000 '' | tr ' ' a > /tmp/a; "

describe('linear-time regexes (RE2 semantics, POSIX leftmost-longest)', () => {
  it.each([
    ["grep -E '(a|aa)+$'", "grep -cE '(a|aa)+$' /tmp/a", '1\n'],
    ["grep '\\(a*\\)*b' (BRE, nested stars)", "grep -c '\\(a*\\)*b' /tmp/a", '0\n'],
    ["sed -E 's/(a|aa)+$/X/'", "sed -E 's/(a|aa)+$/X/' /tmp/a", 'X\n'],
    ["awk '/^(a+)+b/'", "awk '/^(a+)+b/{n++} END{print n+0}' /tmp/a", '0\n'],
    ['[[ =~ ^(a+)+b ]]', '[[ $(cat /tmp/a) =~ ^(a+)+b ]]; echo $?', '1\n'],
  ])('%s on a 100,000-character line ends at once', (_name, cmd, out) => {
    const t0 = performance.now()
    const r = run(A100K + cmd)
    expect(r.traps).toEqual([])
    expect(r.stdout).toBe(out)
    expect(performance.now() - t0).toBeLessThan(20_000) // exponential backtracking would never end
  })

  it('POSIX regexec: the longest of the leftmost matches (a|ab on "ab" is ab, not a)', () => {
    expect(run("echo ab | grep -oE 'a|ab'").stdout).toBe('ab\n')
  })
  it('GNU sed: an empty match right after a match is not replaced (baaa, s/a*/x/g gives xbx)', () => {
    expect(run("echo baaa | sed 's/a*/x/g'").stdout).toBe('xbx\n')
  })
  it('grep: \\< and \\> are word starts and ends; -w needs non-word characters around the match', () => {
    expect(run("echo 'foo bar' | grep -o '\\<b..'; echo xyz | grep -c 'y\\>'; echo 'a-b ab' | grep -ow 'a.b'").stdout).toBe('bar\n0\na-b\n')
  })
  it('POSIX: . matches a newline (awk records with RS)', () => {
    expect(compilePosix('a.b', true).test('a\nb')).toBe(true)
  })
})

describe('back-references: a bounded backtracking matcher (RE2 has none)', () => {
  it('BRE \\(abc\\)\\1 in grep and sed, as glibc', () => {
    expect(run("echo abcabc x | grep -o '\\(abc\\)\\1'; echo abab | sed 's/\\(ab\\)\\1/[&]/'").stdout).toBe('abcabc\n[abab]\n')
  })
  it('a pattern past the step budget fails as regexec REG_ESPACE does: "grep: memory exhausted", status 2', () => {
    const r = run(A100K + "grep '\\(a*\\)*\\1b' /tmp/a; echo $?")
    expect(r.traps).toEqual([])
    expect(r.stderr).toBe('grep: memory exhausted\n')
    expect(r.stdout).toBe('2\n')
  })
  it('sed stops with EXIT_PANIC (4) on the same', () => {
    const r = run(A100K + "sed 's/\\(a*\\)*\\1b//' /tmp/a >/dev/null; echo $?")
    expect(r.stderr).toBe('sed: memory exhausted\n')
    expect(r.stdout).toBe('4\n')
  })
})

describe('awk charges its steps as CPU time and yields to the kernel', () => {
  it("the step budget stops awk 'BEGIN{while(1);}' (status 124, the machine stays up)", () => {
    const r = run("awk 'BEGIN{while(1);}'", 20_000)
    expect(r.status).toBe(124)
    expect(r.stderr).toContain('step budget exhausted')
    expect(r.traps).toEqual([])
  })
  it('a loop costs user CPU time, as bash time(1) shows (20 ns a step)', () => {
    const r = run("time awk 'BEGIN{for(i=0;i<1000000;i++);}'")
    expect(r.stderr).toBe('\nreal\t0m0.020s\nuser\t0m0.020s\nsys\t0m0.000s\n')
  })
  it('Ctrl-C ends awk in an endless loop and the prompt returns', () => {
    expect(interrupted("awk 'BEGIN{while(1);}'")).toBe('\nroot@host:~# ')
  })
  it('deep recursion: gawk dies with "fatal: out of memory" (here at 1,000 frames), status 2', () => {
    const r = run("awk 'function f(n){return f(n+1)} BEGIN{f(1)}'; echo $?; awk 'function f(n){ if (n>=999) return n; return f(n+1)} BEGIN{print f(1)}'")
    expect(r.stderr).toBe('awk: fatal: out of memory\n')
    expect(r.stdout).toBe('2\n999\n')
  })
})

describe('output-heavy runaways stay interruptible and cost CPU time', () => {
  it.each(['seq 2147483647 > /dev/null', 'yes | head -n 1G > /dev/null'])('Ctrl-C stops %s', (line) => {
    expect(interrupted(line)).toBe('\nroot@host:~# ')
  })
  it('the step budget stops seq 2147483647', () => {
    const r = run('seq 2147483647 > /dev/null', 20_000)
    expect(r.status).toBe(124)
  })
  it('coreutils seq_fast: integers cost 5 ns each of user time (a million in 5 ms)', () => {
    const r = run('time seq 1000000 > /dev/null')
    expect(r.stderr).toMatch(/\nuser\t0m0\.005s\n/)
  })
  it('head -n reads a block at a time and counts newlines in it (coreutils head_lines)', () => {
    const r = run('yes | head -n 100000 | wc -l; seq 10 | head -n 3; printf "a\\nb" | head -n 5; echo; { head -n1; cat; } < /etc/passwd | wc -l; wc -l < /etc/passwd')
    expect(r.stdout).toBe('100000\n1\n2\n3\na\nb\n8\n8\n')
  })
})
