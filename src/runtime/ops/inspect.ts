// GET /containers/{id}/json as the ops here see a container: views.ts's
// document with the paused state (State.Status "paused", State.Paused true)
// and the Mounts list (named volumes and binds) in the Engine's key order.
import type { Doc, InspectDoc } from '../api.ts'
import { findContainer } from '../store.ts'
import { inspectJson } from '../views.ts'
import { mountsOf, stateOf } from './list.ts'
import type { DaemonApi, Handler, Handlers } from './types.ts'

export function containerJson(d: DaemonApi, ref: string): InspectDoc | undefined {
  const c = findContainer(d.containers.values(), ref)
  if (!c) return undefined
  const doc = inspectJson(c, d.imageOf(c))
  // HostConfig.Binds as the user wrote them: "NAME:/path" for a named volume.
  const hc = doc.HostConfig
  if (hc.Binds) hc.Binds = hc.Binds.map((b) => b.replace(/^\/var\/lib\/docker\/volumes\/([^/]+)\/_data:/, '$1:'))
  if (stateOf(d, c) === 'paused') Object.assign(doc.State, { Status: 'paused', Paused: true })
  const out: Doc = {}
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'Config') {
      out.Mounts = mountsOf(c).map((m) => m.Type === 'volume'
        ? { Type: 'volume', Name: m.Name, Source: m.Source, Destination: m.Destination, Driver: 'local', Mode: 'z', RW: m.RW, Propagation: '' }
        : { Type: 'bind', Source: m.Source, Destination: m.Destination, Mode: '', RW: m.RW, Propagation: 'rprivate' })
    }
    out[k] = v
  }
  return out as InspectDoc // the same keys, Mounts added before Config as the Engine orders them
}

const inspectContainer: Handler<'container.json'> = function* (d, m, reply) {
  const json = containerJson(d, m.ref)
  yield* reply(json ? { t: 'ok', json } : { t: 'error', error: `No such container: ${m.ref}` })
}

export const INSPECT_OPS: Handlers<'container.json'> = { 'container.json': inspectContainer }
