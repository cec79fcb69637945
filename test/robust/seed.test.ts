// Issue #15 part 3 item 8: `--seed` reaches $RANDOM and awk's rand(). Both are
// seeded from the kernel's seeded PRNG (standing for the clock and the pid
// that bash's genseed and mawk's start-up seed mix in), so seeds 1, 2 and 3
// differ and a seed always gives the same values.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (seed: number, script: string) => new Machine({ seed }).runScript(script).stdout

const SCRIPT = "echo $RANDOM ${RANDOM} $((RANDOM % 100)); (echo $RANDOM); awk 'BEGIN{print rand(), rand()}'"

describe('--seed decides $RANDOM and awk rand()', () => {
  it('seeds 1, 2 and 3 print different values; the same seed the same ones', () => {
    const [a, b, c] = [1, 2, 3].map((s) => run(s, SCRIPT))
    expect(new Set([a, b, c]).size).toBe(3)
    for (const out of [a, b, c]) for (const line of out!.trim().split('\n')) expect(line).toMatch(/^[\d. ]+$/)
    expect(run(2, SCRIPT)).toBe(b)
  })
  it('a subshell reseeds on first use (bash get_random_number: seeded_subshell != getpid())', () => {
    const [parent, child] = run(1, 'RANDOM=5; (echo $RANDOM); echo $RANDOM').trim().split('\n')
    expect(child).not.toBe(parent)
  })
  it('RANDOM=N reseeds: bash 5.2 brand() gives 15 bits of (x >> 16) ^ (x & 65535) of Park-Miller (lib/sh/random.c)', () => {
    expect(run(1, 'RANDOM=1337; echo $RANDOM $RANDOM $RANDOM; RANDOM=1337; echo $RANDOM')).toBe('24697 15233 8710\n24697\n')
    expect(run(3, 'RANDOM=1337; echo $RANDOM')).toBe('24697\n')
  })
  it('awk: srand(expr) seeds with expr and returns the previous seed (POSIX awk)', () => {
    expect(run(1, "awk 'BEGIN{srand(7); a=rand(); print srand(8); srand(7); print (rand() == a)}'")).toBe('7\n1\n')
    expect(run(1, "awk 'BEGIN{srand(7); print rand()}'")).toBe(run(2, "awk 'BEGIN{srand(7); print rand()}'"))
  })
})
