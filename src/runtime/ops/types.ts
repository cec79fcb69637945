// What the op modules may use of dockerd (daemon.ts's Daemon satisfies it
// structurally), and the records they keep beside its container table:
// paused containers, named volumes, extra image tags. One Ext per daemon
// (a WeakMap, so two machines in one process never share them).
import type { Sys } from '../../libc/index.ts'
import type { OpName, Reply, Request } from '../api.ts'
import type { Image } from '../images.ts'
import type { NetDaemon } from '../networks-table.ts'
import type { ContainerSpec } from '../spec.ts'
import type { Container } from '../store.ts'

export interface DaemonApi extends NetDaemon {
  readonly images: Map<string, Image>
  /** docker run: validate, create, prepare the rootfs and bundle, start the shim (which answers the client). */
  run(conn: number, spec: ContainerSpec, ttyPath: string): Sys<void>
  pull(conn: number, ref: string): Sys<void>
  securityOptions(): Sys<string[]>
  create(spec: ContainerSpec, img: Image, key: string, now: number): Sys<Container | string>
  rootfs(c: Container, img: Image): Sys<number>
  envOf(c: Container): string[]
  allocIp(): string
  startShim(conn: number, id: string): Sys<void>
  remove(c: Container): Sys<void>
  /** The container with this name (the daemon's name registrar). */
  named(name: string): Container | undefined
  /** Renames `c`, in the registrar too. */
  setName(c: Container, name: string): void
  save(c: Container): Sys<void>
  imageOf(c: Container): Image | undefined
}

export interface Volume {
  name: string
  createdNs: number
}

export interface Ext {
  /** Ids of containers whose cgroup is frozen (docker pause). */
  paused: Set<string>
  volumes: Map<string, Volume>
}

const EXT = new WeakMap<object, Ext>()

export function ext(d: DaemonApi): Ext {
  let e = EXT.get(d)
  if (!e) EXT.set(d, (e = { paused: new Set(), volumes: new Map() }))
  return e
}

/**
 * The handler of request K: answers through `reply` (typed by api.ts), or hands
 * `conn` on to a child or the shim, which answers later.
 */
export type Handler<K extends OpName> = (d: DaemonApi, m: Request<K>, reply: (r: Reply<K>) => Sys<number>, conn: number) => Sys<void>
/** Handlers of a group of requests (one module's share of the dispatch table). */
export type Handlers<K extends OpName> = { [P in K]: Handler<P> }
