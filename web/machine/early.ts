// The first machine's worker, started before the rest of the page's code is
// evaluated (this module is the page's first import): the worker downloads and
// compiles the machine while the main thread is still setting up xterm.js and
// the live view. The first start() takes it; later ones make their own.
import { MachineClient } from './client.ts'

let dead: (silentMs: number) => void = () => {}
let first: MachineClient | null = new MachineClient((ms) => dead(ms))

/** A machine client: the one already started, the first time, then a new one. */
export function machineClient(onDead: (silentMs: number) => void): MachineClient {
  const c = first
  first = null
  if (!c) return new MachineClient(onDead)
  dead = onDead
  return c
}
