// The page's only door to the machine: a Web Worker behind comlink, plus a
// watchdog (ping every second; five seconds without a pong = dead worker).
import * as Comlink from 'comlink'
import type { WorkerApi } from '../../src/worker/api.ts'

export const PING_EVERY_MS = 1000
export const DEAD_AFTER_MS = 5000

export class MachineClient {
  readonly api: Comlink.Remote<WorkerApi>
  private worker: Worker
  private timer: ReturnType<typeof setInterval>
  private lastPong = performance.now()
  private dead = false

  constructor(onDead: (silentMs: number) => void) {
    this.worker = new Worker(new URL('../../src/worker/machine.worker.ts', import.meta.url), { type: 'module', name: 'isolab-machine' })
    this.api = Comlink.wrap<WorkerApi>(this.worker)
    this.timer = setInterval(() => {
      const silent = performance.now() - this.lastPong
      if (silent > DEAD_AFTER_MS && !this.dead) {
        this.dead = true
        onDead(silent)
        return
      }
      void this.api.ping().then(() => { this.lastPong = performance.now() }, () => {})
    }, PING_EVERY_MS)
  }

  dispose(): void {
    clearInterval(this.timer)
    this.api[Comlink.releaseProxy]()
    this.worker.terminate()
  }
}

export { Comlink }
