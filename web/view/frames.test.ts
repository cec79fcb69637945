// The live view's frames while someone types: it waits for a pause in the
// typing, at most half a second, and never takes the frame right after a key.
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

  it('runs within half a second however fast the keys come, but not in a frame right after one', async () => {
    const { inQuietFrame } = await import('./frames.ts')
    const ran: number[] = []
    const t0 = performance.now()
    inQuietFrame(() => ran.push(performance.now() - t0))
    for (let t = 0; t < 1500 && ran.length === 0; t += 40) { press(); await vi.advanceTimersByTimeAsync(40) }
    expect(ran).toHaveLength(1)
    expect(ran[0]).toBeGreaterThanOrEqual(500)
    expect(ran[0]).toBeLessThan(600)
  })
})
