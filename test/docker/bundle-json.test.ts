// The OCI bundle's JSON (src/runtime/bundle.ts): bigints as {"$big": "..."}, and a
// frozen value (dockerd's resolved seccomp profile) written from the text made
// when it was first written and read back as one shared frozen value. The file
// holds the whole JSON either way, and what reads it gets what was written.
import { describe, expect, it } from 'vitest'
import { deepFreeze, fromJson, toJson } from '../../src/runtime/bundle.ts'

const profile = () => deepFreeze({
  defaultAction: 327681,
  rules: [
    { names: ['accept', 'bind', 'read', 'write'], action: 2147418112 },
    { names: ['personality'], action: 2147418112, args: [{ index: 0, op: 'EQ', value: 0n, valueTwo: 0n }] },
    { names: ['clone'], action: 2147418112, args: [{ index: 0, op: 'MASKED_EQ', value: 2114060288n, valueTwo: 0n }] },
  ],
})

describe('bundle JSON', () => {
  it('a frozen value is written as plain JSON and read back equal, frozen, and the same object for every bundle', () => {
    const sec = profile()
    const a = toJson({ id: 'a', argv: ['sleep', '1'], seccomp: sec, n: 12345678901234567890n })
    const b = toJson({ id: 'b', argv: ['true'], seccomp: sec })
    expect(a).toContain('"seccomp":{"defaultAction":327681,"rules":[{"names":["accept"')
    expect(a).toContain('"n":{"$big":"12345678901234567890"}')
    expect(a).not.toContain('\\u0000')
    const ra = fromJson<{ seccomp: unknown; n: bigint; argv: string[] }>(a)
    const rb = fromJson<{ seccomp: unknown }>(b)
    expect(ra.seccomp).toEqual(sec)
    expect(ra.n).toBe(12345678901234567890n)
    expect(ra.argv).toEqual(['sleep', '1'])
    expect(Object.isFrozen(ra.seccomp)).toBe(true)
    expect(rb.seccomp).toBe(ra.seccomp)
  })

  it('a text whose profile was changed is read as written (not as the profile it was)', () => {
    const a = toJson({ id: 'a', seccomp: profile() })
    const edited = a.replace('"bind"', '"listen"')
    const r = fromJson<{ seccomp: { rules: { names: string[] }[] } }>(edited)
    expect(r.seccomp.rules[0]!.names).toEqual(['accept', 'listen', 'read', 'write'])
    expect(r.seccomp.rules[1]).toEqual({ names: ['personality'], action: 2147418112, args: [{ index: 0, op: 'EQ', value: 0n, valueTwo: 0n }] })
  })

  it('a string that looks like JSON of the profile stays a string', () => {
    const text = toJson(profile())
    const r = fromJson<{ note: string; seccomp: unknown }>(toJson({ note: text, seccomp: profile() }))
    expect(r.note).toBe(text)
    expect(r.seccomp).toEqual(profile())
  })

  it('a frozen array of numbers written once does not change a string that holds the same characters later', () => {
    const nums = deepFreeze(Array.from({ length: 120 }, (_, i) => i)) // its text has no quotes, and is over 256 characters
    const text = JSON.stringify(nums)
    expect(text.length).toBeGreaterThan(256)
    fromJson(toJson({ id: 'a', list: nums })) // written (and so remembered) once
    const r = fromJson<{ argv: string[]; list: unknown }>(toJson({ argv: ['echo', text], list: nums }))
    expect(r.argv).toEqual(['echo', text])
    expect(r.list).toEqual(nums)
  })
})
