// GET /containers/json (docker ps): the daemon filters and summarizes, the CLI
// formats. Filters as moby's daemon/list.go takes them (`-f key=value`, the same
// key ORed, different keys ANDed); limit (-n/-l) counts the newest containers of
// any state.
import { CLOCK_REALTIME } from '../../../kernel-sim/abi/index.ts'
import { clockGettime } from '../../libc/index.ts'
import type { ContainerRow, MountRow } from '../api.ts'
import type { Container } from '../store.ts'
import { statusText } from '../views.ts'
import { layerSize } from './layer-size.ts'
import { hostIpOf } from '../spec.ts'
import { ext, type DaemonApi, type Handler } from './types.ts'

const FILTERS = ['ancestor', 'before', 'expose', 'exited', 'health', 'id', 'isolation', 'is-task', 'label', 'name', 'network', 'publish', 'since', 'status', 'volume']
const STATES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead']

/** The container's state word as the Engine API reports it ("paused" while frozen). */
export function stateOf(d: DaemonApi, c: Container): string {
  return c.status === 'running' && ext(d).paused.has(c.id) ? 'paused' : c.status
}

/** `docker ps` STATUS: "Up 5 seconds (Paused)" while frozen (moby container/state.go String()). */
export function statusOf(d: DaemonApi, c: Container, now: number): string {
  return statusText(c, now) + (stateOf(d, c) === 'paused' ? ' (Paused)' : '')
}

/** Mount points as the API lists them: named volumes and bind mounts. */
export function mountsOf(c: Container): MountRow[] {
  return c.spec.binds.map((b) => {
    const vol = /^\/var\/lib\/docker\/volumes\/([^/]+)\/_data$/.exec(b.source)?.[1]
    return vol
      ? { Type: 'volume', Name: vol, Source: b.source, Destination: b.target, RW: !b.readOnly }
      : { Type: 'bind', Source: b.source, Destination: b.target, RW: !b.readOnly }
  })
}

function matches(d: DaemonApi, c: Container, filters: Map<string, string[]>): boolean {
  const any = (key: string, f: (v: string) => boolean) => !filters.has(key) || filters.get(key)!.some(f)
  const img = d.imageOf(c)
  const re = (v: string, s: string) => {
    try {
      return new RegExp(v).test(s)
    } catch {
      return s.includes(v)
    }
  }
  return any('name', (v) => re(v, '/' + c.name)) &&
    any('id', (v) => c.id.startsWith(v)) &&
    any('status', (v) => stateOf(d, c) === v) &&
    any('exited', (v) => c.status === 'exited' && c.exitCode === Number(v)) &&
    any('ancestor', (v) => v === c.spec.image || v === c.image || (v.length >= 4 && (img?.id.startsWith(v.replace(/^sha256:/, '')) ?? false)) || v + ':latest' === c.image) &&
    any('volume', (v) => mountsOf(c).some((m) => m.Name === v || m.Destination === v)) &&
    any('network', (v) => c.spec.networkMode === v) &&
    any('publish', (v) => c.spec.ports.some((p) => `${p.containerPort}/${p.proto}` === v || String(p.containerPort) === v)) &&
    any('label', () => false)
}

/** Parses the client's filter list; an error text (moby's invalidFilter) or the map. */
function parseFilters(list: readonly string[]): Map<string, string[]> | string {
  const f = new Map<string, string[]>()
  for (const kv of list) {
    const i = kv.indexOf('=')
    const k = kv.slice(0, i), v = kv.slice(i + 1)
    if (!FILTERS.includes(k)) return `invalid filter '${k}'`
    if (k === 'status' && !STATES.includes(v)) return `invalid filter 'status=${v}'`
    if (k === 'exited' && !/^-?\d+$/.test(v)) return `invalid filter 'exited=${v}'`
    f.set(k, [...(f.get(k) ?? []), v])
  }
  return f
}

export const listContainers: Handler<'containers.json'> = function* (d, m, reply) {
  const filters = parseFilters(m.filters)
  if (typeof filters === 'string') {
    yield* reply({ t: 'error', error: filters })
    return
  }
  const now = yield* clockGettime(CLOCK_REALTIME)
  const limit = m.limit
  let list = [...d.containers.values()].reverse()
  if (!m.all && limit <= 0 && !filters.has('status')) list = list.filter((c) => c.status === 'running')
  if (filters.size > 0) list = list.filter((c) => matches(d, c, filters))
  if (limit > 0) list = list.slice(0, limit)
  // Sizes only when asked (docker ps -s, or a --format with .Size): a walk of each upperdir.
  const sizes: number[] = []
  if (m.size) for (const c of list) sizes.push(yield* layerSize(c.rootfs.replace(/merged$/, 'diff')))
  const rows = list.map((c, i): ContainerRow => {
    const img = d.imageOf(c)
    return {
      Id: c.id, Names: ['/' + c.name], Image: c.spec.image, ImageID: `sha256:${c.imageId}`, Path: c.path, Args: c.args,
      Created: Math.floor(c.createdNs / 1e9), CreatedNs: c.createdNs,
      Ports: c.spec.ports.map((p) => ({ IP: hostIpOf(p), PrivatePort: p.containerPort, PublicPort: p.hostPort, Type: p.proto })),
      // SizeRootFs ("virtual"): the image's layers plus the writable one (moby daemon/list.go).
      SizeRw: sizes[i] ?? 0, SizeRootFs: (img?.size ?? 0) + (sizes[i] ?? 0),
      State: stateOf(d, c), Status: statusOf(d, c, now),
      Networks: [c.spec.networkMode], Mounts: mountsOf(c),
    }
  })
  yield* reply({ t: 'ok', rows, now })
}
