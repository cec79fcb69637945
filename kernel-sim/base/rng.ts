// Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32. The
// state is four plain numbers kept in the kernel state, so a snapshot carries it
// and a replay from the same seed draws the same values. Never the platform RNG.

export type RngState = [number, number, number, number]

export function seedRng(seed: number): RngState {
  let x = seed >>> 0
  const next = () => {
    x = (x + 0x9e3779b9) >>> 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  return [next(), next(), next(), next()]
}

const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0

/** Next 32-bit unsigned value; advances `s` in place. */
export function nextU32(s: RngState): number {
  const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
  const t = (s[1] << 9) >>> 0
  s[2] ^= s[0]
  s[3] ^= s[1]
  s[1] ^= s[2]
  s[0] ^= s[3]
  s[2] ^= t
  s[3] = rotl(s[3], 11)
  return result
}

