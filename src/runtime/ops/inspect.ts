// GET /containers/{id}/json as the ops here see a container: views.ts's
// document with the paused state (State.Status "paused", State.Paused true)
// and the Mounts list (named volumes and binds) in the Engine's key order.
import { send } from '../protocol.ts'
import { findContainer } from '../store.ts'
import { inspectJson } from '../views.ts'
import { mountsOf, stateOf } from './list.ts'
import type { DaemonApi, Op } from './types.ts'

export function containerJson(d: DaemonApi, ref: string): Record<string, unknown> | undefined {
  const c = findContainer(d.containers.values(), ref)
  if (!c) return undefined
  const doc = inspectJson(c, d.imageOf(c)) as Record<string, unknown>
  const state = doc.State as Record<string, unknown>
  // HostConfig.Binds as the user wrote them: "NAME:/path" for a named volume.
  const hc = doc.HostConfig as { Binds: string[] | null }
  if (hc.Binds) hc.Binds = hc.Binds.map((b) => b.replace(/^\/var\/lib\/docker\/volumes\/([^/]+)\/_data:/, '$1:'))
  if (stateOf(d, c) === 'paused') Object.assign(state, { Status: 'paused', Paused: true })
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'Config') {
      out.Mounts = mountsOf(c).map((m) => m.Type === 'volume'
        ? { Type: 'volume', Name: m.Name, Source: m.Source, Destination: m.Destination, Driver: 'local', Mode: 'z', RW: m.RW, Propagation: '' }
        : { Type: 'bind', Source: m.Source, Destination: m.Destination, Mode: '', RW: m.RW, Propagation: 'rprivate' })
    }
    out[k] = v
  }
  return out
}

const inspectContainer: Op = function* (d, conn, m) {
  const json = containerJson(d, String(m.ref ?? ''))
  yield* send(conn, json ? { t: 'ok', json } : { t: 'error', error: `No such container: ${m.ref}` })
  return true
}

export const INSPECT_OPS: Record<string, Op> = { 'container.json': inspectContainer }
