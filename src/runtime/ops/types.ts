// What the op modules may use of dockerd (daemon.ts's Daemon satisfies it
// structurally), and the records they keep beside its container table:
// paused containers, named volumes, extra image tags. One Ext per daemon
// (a WeakMap, so two machines in one process never share them).
import type { Sys } from '../../libc/index.ts'
import type { Image } from '../images.ts'
import type { Msg } from '../protocol.ts'
import type { ContainerSpec } from '../spec.ts'
import type { Container } from '../store.ts'

export interface DaemonApi {
  readonly containers: Map<string, Container>
  readonly images: Map<string, Image>
  create(spec: ContainerSpec, img: Image, key: string, now: number): Sys<Container | string>
  rootfs(c: Container, img: Image): Sys<number>
  envOf(c: Container): string[]
  allocIp(): string
  startShim(conn: number, id: string): Sys<void>
  remove(c: Container): Sys<void>
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

/** An op handler: answers on `conn`; false would end the daemon (none does). */
export type Op = (d: DaemonApi, conn: number, m: Msg) => Sys<boolean>
