// Code loaded on first use: a program that runs before its code has arrived
// sleeps in virtual time until it has, then runs; code that never arrives is a
// clear error with bash's "cannot execute" status, not a hang.
import { describe, expect, it } from 'vitest'
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { LazyCode, lazyProgram } from './lazy.ts'

/** Drives a program as the kernel would: nanosleep succeeds, write writes everything. */
async function drive(p: Program, between: () => Promise<void> = async () => {}): Promise<{ status: number; sleeps: number; calls: string[]; stderr: string }> {
  let sleeps = 0
  let stderr = ''
  const calls: string[] = []
  let r = p.next()
  while (!r.done) {
    const req = r.value
    calls.push(req.nr)
    let ret: unknown = 0
    if (req.nr === 'nanosleep') {
      sleeps++
      await between() // the event loop runs between two slices, as in the web worker
    } else if (req.nr === 'write') {
      const [fd, data] = req.args as [number, string]
      if (fd === 2) stderr += data
      ret = data.length
    }
    r = p.next(ret)
  }
  return { status: r.value, sleeps, calls, stderr }
}

describe('lazily loaded code', () => {
  it('a program run before its code arrives waits (nanosleep) and then runs it, once loaded with no wait at all', async () => {
    let release!: () => void
    const arrived = new Promise<void>((res) => (release = res))
    let imports = 0
    const prog = lazyProgram('rare', '/usr/bin/rare', 'a rarely run program', async () => {
      imports++
      await arrived
      return function* main(argv) {
        yield { nr: 'getpid', args: [] }
        return argv.length
      }
    })
    let ticks = 0
    const first = await drive(prog.main(['rare', 'x', 'y'], []), async () => {
      if (++ticks === 3) release()
      await new Promise((r) => setTimeout(r, 0))
    })
    expect(first.status).toBe(3)
    expect(first.sleeps).toBeGreaterThanOrEqual(3)
    expect(first.calls.at(-1)).toBe('getpid')
    const second = await drive(prog.main(['rare'], []))
    expect(second).toMatchObject({ status: 1, sleeps: 0, calls: ['getpid'] })
    expect(imports).toBe(1)
  })

  it('code that cannot arrive (no event loop between slices, or a failed download) ends the program with 126 and the reason', async () => {
    const never = lazyProgram('never', '/usr/bin/never', '', () => new Promise(() => {}))
    const r = await drive(never.main(['never'], []))
    expect(r.status).toBe(126)
    expect(r.stderr).toBe("never: cannot load the program's code: not loaded within 30 s\n")
    const broken = lazyProgram('broken', '/usr/bin/broken', '', () => Promise.reject(new Error('Failed to fetch dynamically imported module')))
    const b = await drive(broken.main(['broken'], []), () => new Promise((res) => setTimeout(res, 0)))
    expect(b.status).toBe(126)
    expect(b.stderr).toBe("broken: cannot load the program's code: Failed to fetch dynamically imported module\n")
  })

  it('a failed load is tried again on the next use', async () => {
    let tries = 0
    const code = new LazyCode(async () => {
      if (++tries === 1) throw new Error('offline')
      return 42
    })
    await expect(code.load()).rejects.toThrow('offline')
    await expect(code.load()).resolves.toBe(42)
    expect(code.loaded).toBe(42)
  })
})
