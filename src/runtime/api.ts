// The docker CLI ⇄ dockerd protocol as types: every request with the fields it
// carries, the "ok" reply it gets, and the frames a streaming request receives
// before that. The daemon's dispatch table (ops/index.ts) is a mapped type over
// this map, so a handler that reads a field the request lacks, answers with
// the wrong reply, or is missing altogether fails the typecheck, and so does a
// client that sends a malformed request or reads a field the reply lacks.
// SIMPLIFICATION: not the Engine API's HTTP/1.1 with JSON bodies; the operation
// names follow its endpoints ("POST /containers/create") so the mapping stays visible.
import type { TreeEntry } from './ops/tree.ts'
import type { ContainerSpec } from './spec.ts'
import type { StatsSample } from './stats.ts'
import type { Step } from './steps.ts'

/** Output of a container or exec process: fd 1 or 2 and the bytes. */
export interface OutFrame { t: 'out'; s: number; d: string }
/** The process behind the request exited with `code` (run -a, start -a, exec). */
export interface ExitFrame { t: 'exit'; code: number }
/** The shim started the container (after the steps of `docker run --timeline`). */
export interface StartedFrame { t: 'started'; id: string; steps: Step[]; tty: boolean }
/** A line the client prints on stderr before the container's output (memory without swap). */
export interface WarningFrame { t: 'warning'; line: string }
/** An image pull's progress line. */
export interface ProgressFrame { t: 'progress'; line: string }
/** A failed request; `code` is the exit status the CLI should give, `client` marks an error the CLI words itself. */
export interface ErrorReply { t: 'error'; error: string; code?: number; client?: boolean }
/** What the client sends after a streaming request: stdin bytes, stdin's end, the terminal's new size. */
export type InputFrame = { t: 'in'; d: string } | { t: 'eof' } | { t: 'resize'; rows: number; cols: number }

/** A container process's frames: what run/start -a and exec stream. */
type Attached = OutFrame | ExitFrame | StartedFrame | WarningFrame

export interface ContainerRow {
  Id: string; Names: string[]; Image: string; ImageID: string; Path: string; Args: string[]; Created: number; CreatedNs: number
  Ports: { IP: string; PrivatePort: number; PublicPort: number; Type: string }[]
  SizeRw: number; SizeRootFs: number; State: string; Status: string; Networks: string[]
  Mounts: MountRow[]
}
export interface MountRow { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }
export interface ImageRow { repo: string; tag: string; id: string; digest: string; created: number; size: number; containers: number }
export interface SearchResult { name: string; description: string; stars: number; official: boolean }
export interface DiskItem { size: number; active: boolean }
/** An inspect document (container, image, network, volume): Engine-shaped JSON. */
export type Doc = Record<string, unknown>

type NoFields = Record<never, never>
type Ref = { ref: string }

/**
 * Request fields (`req`), the "ok" reply's fields (`ok`), and the frames
 * before it (`frames`), per operation.
 */
export interface Api {
  'version': { req: NoFields; ok: DaemonInfo }
  'info': { req: NoFields; ok: DaemonInfo }
  'system.df': { req: NoFields; ok: { images: DiskItem[]; containers: DiskItem[]; volumes: DiskItem[] } }

  'image.inspect': { req: Ref; ok: { found: boolean; digest: string } }
  'image.pull': { req: Ref; ok: { line: string }; frames: ProgressFrame }
  'images.json': { req: NoFields; ok: { images: ImageRow[] } }
  'images.search': { req: { term: string }; ok: { results: SearchResult[] } }
  'image.tag': { req: Ref & { target: string }; ok: NoFields }
  'image.remove': { req: Ref & { force: boolean }; ok: { lines: string[] } }
  'image.history': { req: Ref; ok: { id: string; created: number; rows: { by: string; size: number }[] } }
  'image.json': { req: Ref; ok: { json: Doc } }
  'images.prune': { req: { all: boolean }; ok: { lines: string[]; space: number } }

  'containers.json': { req: { all: boolean; filters: string[]; limit: number; size: boolean }; ok: { rows: ContainerRow[]; now: number } }
  'container.run': { req: { spec: ContainerSpec; ttyPath: string }; ok: NoFields; frames: Attached }
  'container.create': { req: { spec: ContainerSpec }; ok: { id: string } }
  /** Detached: the shim's "started" (or "ok" with running for a running container); attached: the output too. */
  'container.start': { req: Ref & { attach?: boolean; interactive?: boolean }; ok: { running?: boolean }; frames: Attached }
  'container.inspect': { req: Ref; ok: { json: InspectDoc } }
  'container.json': { req: Ref; ok: { json: InspectDoc } }
  'container.kill': { req: Ref & { sig: number }; ok: NoFields }
  'container.stop': { req: Ref & { time?: string }; ok: NoFields }
  'container.rm': { req: Ref & { force: boolean }; ok: NoFields }
  /** A stopper child's last step of `docker rm -f`: the container has exited, remove it now. */
  'container.remove-now': { req: Ref; ok: NoFields }
  'container.wait': { req: Ref; ok: { code: number } }
  'container.rename': { req: Ref & { name: string }; ok: NoFields }
  'container.pause': { req: Ref; ok: NoFields }
  'container.unpause': { req: Ref; ok: NoFields }
  'containers.prune': { req: NoFields; ok: { ids: string[] } }
  'container.stats': { req: { refs: string[]; all: boolean }; ok: { samples: StatsSample[] } }
  'container.top': { req: Ref; ok: { pids: number[] } }
  'container.logs': {
    req: Ref & { tail: string; timestamps?: boolean; follow: boolean; since?: number; until?: number }
    ok: NoFields
    frames: OutFrame
  }
  'container.exec': {
    /** detach (-d): "ok" once the process runs, instead of its output and exit frame. */
    req: Ref & { cmd: string[]; env: string[]; user: string; workdir: string; tty: boolean; interactive: boolean; detach?: boolean }
    ok: NoFields
    frames: OutFrame | ExitFrame
  }
  'container.archive.get': { req: Ref & { path: string }; ok: { entries: TreeEntry[] } }
  'container.archive.put': { req: Ref & { path: string; name: string; entries: TreeEntry[]; contentsOnly: boolean }; ok: NoFields }

  'volume.create': { req: { name: string }; ok: { name: string } }
  'volume.list': { req: NoFields; ok: { names: string[] } }
  'volume.inspect': { req: { name: string }; ok: { json: Doc } }
  'volume.remove': { req: { name: string; force: boolean }; ok: NoFields }
  'volumes.prune': { req: { all: boolean }; ok: { names: string[]; space: number } }

  'network.list': { req: { noTrunc: boolean; filters: string[] }; ok: { rows: string[][] } }
  'network.create': { req: { name: string; driver: string; subnets: string[]; gateway: string; internal: boolean }; ok: { id: string } }
  'network.inspect': { req: Ref; ok: { json: unknown } }
  'network.rm': { req: Ref; ok: NoFields }
  'network.prune': { req: NoFields; ok: { names: string[] } }
  'network.connect': { req: NetworkAttach; ok: NoFields }
  'network.disconnect': { req: NetworkAttach; ok: NoFields }
  /** The shim plugged eth0 of a container on a user-defined network: start its DNS server. */
  'network.sandbox': { req: { id: string; pid: number }; ok: NoFields }
  /** The embedded DNS server asks for a name as seen from container `id` ('' when unknown). */
  'dns.query': { req: { id: string; name: string }; ok: { ip: string } }

  'shim.started': { req: { id: string; pid: number }; ok: NoFields }
  'shim.exited': { req: { id: string; code: number; oom: boolean }; ok: NoFields }
  'shim.failed': { req: { id: string; error: string; code: number }; ok: NoFields }
}

export interface DaemonInfo {
  containers: number; running: number; images: number; memTotal: number; security: string[]; runc: string
}
/** A container's inspect document, with the part of its State that clients and helpers read. */
export interface InspectDoc extends Doc {
  State: Doc & { Running: boolean; Paused: boolean; ExitCode: number }
  HostConfig: Doc & { Binds: string[] | null; PortBindings: Record<string, { HostIp: string; HostPort: string }[]> }
}
interface NetworkAttach { net: string; ref: string; ip: string; aliases: string[] }

export type OpName = keyof Api
export type Request<K extends OpName> = { op: K } & Api[K]['req']
/** Any request dockerd may receive. */
export type AnyRequest = { [K in OpName]: Request<K> }[OpName]
type FramesOf<K extends OpName> = K extends OpName ? Api[K] extends { frames: infer F } ? F : never : never
export type Ok<K extends OpName> = { t: 'ok' } & Api[K]['ok']
/** Everything the daemon may send back on a request's connection. */
export type Reply<K extends OpName> = Ok<K> | ErrorReply | FramesOf<K>
