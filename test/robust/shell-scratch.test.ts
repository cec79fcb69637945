// Issue #15 part 1: what the shell allocates while a command runs is charged
// to its heap as bash's xmalloc() calls are: command substitution output, the
// expanded text and word list (make_word_list), `set`'s quoted values
// (sh_single_quote: 3 + 4 × the length), a here-document, a ${x//p/r} result,
// printf's buffer and read's line. So RLIMIT_DATA (here `ulimit -d`), the
// memory cgroup and the per-machine heap budget end a runaway as bash
// ends: "bash: xmalloc: cannot allocate N bytes", status 2 (xmalloc.c allocerr).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { FuzzMachine } from '../fuzz/check.ts'

const run = (script: string) => new Machine().runScript(script, { maxSteps: 2_000_000 })
const xmallocFails = (script: string, bytes = '\\d+') => {
  const r = run(`ulimit -d 16384; ${script}; echo not reached`)
  expect(r.stderr).toMatch(new RegExp(`^bash: xmalloc: cannot allocate ${bytes} bytes\\n$`))
  expect(r.stdout).not.toContain('not reached')
  expect(r.status).toBe(2)
}
/** 4,000,000 single quotes in x (the worst case of set's quoting). */
const QUOTES = `x=$(printf "%*s" 4000000 "" | tr " " "'")`

describe("the shell's scratch memory meets its limits", () => {
  it('set quotes a value in a new string: 3 + 4 × 4,000,000 bytes do not fit in 16 MiB', () => {
    xmallocFails(`${QUOTES}; set >/dev/null`, '16000003')
  })
  it('export -p and readonly quote in double quotes: 3 + 2 × the length', () => {
    xmallocFails(`x=$(printf "%*s" 7000000 ""); export x; export -p >/dev/null`, '14000003')
  })
  it("a word list is charged per word (a WORD_LIST and a WORD_DESC): 300,000 words of seq's output", () => {
    xmallocFails('x=$(seq 300000); set -- $x', '16')
    xmallocFails('x=$(seq 300000); for w in $x; do :; done', '16')
  })
  it('expansions are copies: "$x$x$x$x" of 4 MB, in a word and in a here-document', () => {
    xmallocFails('x=$(printf "%*s" 4000000 ""); echo "$x$x$x$x" >/dev/null')
    xmallocFails('x=$(printf "%*s" 4000000 ""); : <<E\n$x$x$x$x\nE\n')
    // cat's here-document is expanded in the forked child (bash: do_redirections after fork), so only cat fails
    const r = run('ulimit -d 16384; x=$(printf "%*s" 4000000 ""); cat >/dev/null <<E\n$x$x$x$x\nE\necho status $?')
    expect([r.stderr, r.stdout]).toEqual(['bash: xmalloc: cannot allocate 4000001 bytes\n', 'status 2\n'])
  })
  it('${x// /abcd} grows as it replaces', () => {
    xmallocFails('x=$(printf "%*s" 3000000 ""); y=${x// /abcd}')
  })
  it('printf builds its output on the heap, small fields too', () => {
    xmallocFails('printf "%60000s" $(seq 400) >/dev/null')
  })
  it('read keeps a long line in blocks: a line of 100,000 bytes, a backslash-newline across a block', () => {
    const r = run('printf "%*s" 100000 "" | tr " " a > /tmp/l; read -r x < /tmp/l; echo ${#x}; ' +
      `{ printf "%*s" 4095 "" | tr " " b; echo '\\'; echo cd; } > /tmp/m; read y < /tmp/m; echo \${#y} \${y: -3}`)
    expect(r.stdout).toBe('100000\n4097 bcd\n')
  })
  it('within the limits all of it works, and the memory is given back after the command', () => {
    const r = run(`${QUOTES}; set | grep -c "^x="; x=$(seq 300000); set -- $x; echo $#; y=\${x//0/ab}; echo \${#y}; ` +
      'a=$(grep VmData /proc/$$/status | tr -dc 0-9); echo $(( a < 12000 ))')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('1\n300000\n2127788\n1\n')
  })
})

describe('a fuzz finding (seed 2, case 1661): word lists and set output were not charged, and Node died of heap exhaustion', () => {
  it('export $(set) in a loop grows the values threefold a round until xmalloc fails; the loop goes on', () => {
    const fm = new FuzzMachine(2)
    let err = ''
    const r = fm.m.runScript("for i in $(seq 20); do export '`' $(set) 2>/dev/null >/dev/null; echo $i ${#BASH_VERSION}; done", {
      maxSteps: 200_000, onStderr: (d) => (err += d),
    })
    expect(fm.logged).toEqual([])
    expect(r.status).toBe(0)
    // 64,570,081 bytes quoted by set would need 3 + 4 × that: past the machine's 256 MiB heap budget
    expect(err).toContain('bash: xmalloc: cannot allocate 258280327 bytes\n')
    expect(r.stdout.trim().split('\n').at(-1)).toBe('20 64570081')
  })
})

describe('fuzz findings of the growth shapes (test/fuzz/gen.ts growth())', () => {
  it('"$@" doubled by set -- "$@" "$@" ends in xmalloc (a word list is charged), not a JS RangeError from spreading 256,000 words', () => {
    const r = run('ulimit -d 32768; set -- $(seq 1000); for i in $(seq 1000); do set -- "$@" "$@"; done; echo not reached')
    expect([r.stderr, r.stdout, r.status]).toEqual(['bash: xmalloc: cannot allocate 16 bytes\n', '', 2])
  })
  it('${x// /  } doubling 100,000 spaces: the result grows on the heap until xmalloc fails', () => {
    xmallocFails('x=$(printf "%*s" 100000 ""); for i in $(seq 1000); do x=${x// /  }; done')
  })
})
