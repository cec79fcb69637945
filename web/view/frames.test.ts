// The live view's frames while someone types: it waits for a pause in the
// typing, at most half a second, and then takes the frame after the one that
// echoes a key (never the echo's own frame, nor one in which a key waits).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

type Listener = () => void
let keydown: Listener[] = []

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] })
  keydown = []
  vi.stubGlobal('window', { addEventListener: (_t: string, l: Listener) => keydown.push(l) })
  // Frames every 16 ms.
  vi.stubGlobal('requestAnimationFrame', (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 16))
  vi.resetModules()
})
afterEach(() => { vi.useRealTimers(); vi.unstubAllGlobals() })

const press = () => { for (const l of keydown) l() }

describe('inQuietFrame', () => {
  it('runs in the next frame when nobody types', async () => {
    const { inQuietFrame } = await import('./frames.ts')
    const ran: number[] = []
    inQuietFrame(() => ran.push(performance.now()))
    await vi.advanceTimersByTimeAsync(20)
    expect(ran).toHaveLength(1)
  })

  it('waits for a 250 ms pause in the typing', async () => {
    const { inQuietFrame } = await import('./frames.ts')
    const ran: number[] = []
    const t0 = performance.now()
    inQuietFrame(() => ran.push(performance.now() - t0))
    press()
    for (let i = 0; i < 2; i++) { await vi.advanceTimersByTimeAsync(100); press() } // a key every 100 ms until 200 ms
    await vi.advanceTimersByTimeAsync(600)
    expect(ran).toHaveLength(1)
    expect(ran[0]).toBeGreaterThanOrEqual(200 + 250)
    expect(ran[0]).toBeLessThan(200 + 250 + 40)
  })

  it('runs within half a second however fast the keys come, in the frame after the one that echoes a key', async () => {
    const { inQuietFrame } = await import('./frames.ts')
    const ran: number[] = []
    const keysAt: number[] = []
    const t0 = performance.now()
    inQuietFrame(() => ran.push(performance.now() - t0))
    for (let t = 0; t < 1500 && ran.length === 0; t += 40) { keysAt.push(performance.now() - t0); press(); await vi.advanceTimersByTimeAsync(40) }
    expect(ran).toHaveLength(1)
    expect(ran[0]).toBeGreaterThanOrEqual(500)
    expect(ran[0]).toBeLessThan(600)
    // Frames here come 16 ms after they are asked for: the key's echo frame at +16, the run at +32.
    const lastKey = keysAt.filter((k) => k <= ran[0]!).at(-1)!
    expect(ran[0]! - lastKey).toBe(32)
  })

  it('waits one more frame when a key comes between the echo frame and its own', async () => {
    const { inQuietFrame } = await import('./frames.ts')
    const t0 = performance.now()
    inQuietFrame(() => {}) // (listening from here)
    await vi.advanceTimersByTimeAsync(20)
    press() // 20
    await vi.advanceTimersByTimeAsync(20)
    const ran: number[] = []
    inQuietFrame(() => ran.push(performance.now() - t0), t0 - 600) // due 600 ms ago (past MAX_WAIT_MS), while typing
    await vi.advanceTimersByTimeAsync(20)
    press() // 60: its echo frame comes at 76, the run's at 92...
    await vi.advanceTimersByTimeAsync(20)
    press() // ...but a key at 80 is echoed in that one, so the run takes the next, 108
    await vi.advanceTimersByTimeAsync(100)
    expect(ran).toEqual([108])
  })

  it('still runs when keys come faster than frames (within a second of being due)', async () => {
    const { inQuietFrame } = await import('./frames.ts')
    const ran: number[] = []
    const t0 = performance.now()
    inQuietFrame(() => ran.push(performance.now() - t0))
    for (let t = 0; t < 3000 && ran.length === 0; t += 10) { press(); await vi.advanceTimersByTimeAsync(10) }
    expect(ran).toHaveLength(1)
    expect(ran[0]).toBeGreaterThanOrEqual(1000)
    expect(ran[0]).toBeLessThan(1100)
  })
})
