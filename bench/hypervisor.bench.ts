// The hypervisor (issue 7, Performance): 100 VMs each boot a guest kernel
// (microVM profile, so 100 fit the host) in <= 2 s of wall time and <= 512 MB
// of heap. Boot is virtual time: nothing really waits. Also: switching the
// console between VMs (attach, one command, detach) should be instant.
import { Machine } from '../src/host/machine.ts'

export const name = 'hypervisor'
export const runs = 3

const VMS = Number(process.env.VMS ?? 100)

export function run() {
  ;(globalThis as { gc?: () => void }).gc?.()
  const heap0 = process.memoryUsage().heapUsed
  const t0 = performance.now()
  const m = new Machine({ memoryBytes: 64 * 2 ** 30, cpus: 16 })
  const names = Array.from({ length: VMS }, (_, i) => `vm${i}`)
  const r = m.runScript(names.map((n) => `vm create ${n} --profile microvm --image alpine; vm start -q ${n}`).join('\n'), { maxSteps: 1e9 })
  const bootMs = performance.now() - t0
  const running = m.hypervisor.list().filter((v) => v.state === 'running').length
  if (running !== VMS) throw new Error(`only ${running} VMs running: ${r.stderr.slice(0, 300)}`)
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20
  const t1 = performance.now()
  const SWITCHES = 20
  for (let i = 0; i < SWITCHES; i++) m.runScript(`echo hostname | vm console ${names[(i * 37) % VMS]}`)
  const switchMs = (performance.now() - t1) / SWITCHES
  return {
    VMs: VMS,
    'boot all wall ms': Math.round(bootMs),
    'heap MB': Math.round(heapMB),
    'console switch ms': +switchMs.toFixed(2),
  }
}
