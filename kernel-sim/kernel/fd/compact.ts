// Record-less sockets as one number in the open-file table. A socket fresh
// from socket(2), or connected to a remote server with no socket record
// (net/socket.ts isRemoteConn), is an open file that differs from thousands of
// others only in its id and its ephemeral port. A flood of a million of them
// held one object each: a million long-lived objects for the garbage collector
// to trace. Such a file is held instead as a small integer (a V8 Smi, no heap
// object): its "slot" (the ephemeral port, or "fresh, of domain D") packed with
// the index of what it shares with the others (open flags, destination key,
// memory cgroup) in an intern table. Kernel.file() expands one into the
// ordinary OpenFile on read (partOf, objOf); the first write (Kernel.mutFile)
// makes it that object for good, so only the hot paths know this form exists.
import { EPHEMERAL_PORT_HIGH, EPHEMERAL_PORT_LOW } from '../../abi/index.ts'

/** What record-less socket files share: the rest of an OpenFile is id, refs 1, pos 0, kind 'socket' and obj (from the slot). */
interface SharedPart {
  flags: number
  /** '' for a fresh socket, the destination key (net/ephemeral.ts destKey) for a connection. */
  path: string
  memcg: number
}

const SLOT_BITS = 15
const SLOTS = 1 << SLOT_BITS
/** Slots below this are ephemeral ports (port - EPHEMERAL_PORT_LOW); FRESH + domain is a fresh socket. */
const FRESH = EPHEMERAL_PORT_HIGH - EPHEMERAL_PORT_LOW + 1
/** Index limit: index * SLOTS + slot stays below 2^30, a Smi on every V8 build. */
const MAX_SHARED = 1 << (30 - SLOT_BITS)

/** The slot of a word: an ephemeral port's offset, or FRESH + domain. */
const slotOf = (word: number) => word & (SLOTS - 1)

/** The index of a word's shared part in CompactFiles.parts. */
export const partOf = (word: number) => word >>> SLOT_BITS

/** The obj of the OpenFile a word stands for: -port of a connection, -domain of a fresh socket. */
export function objOf(word: number): number {
  const slot = slotOf(word)
  return slot < FRESH ? -(slot + EPHEMERAL_PORT_LOW) : -(slot - FRESH)
}

/**
 * The intern table of one kernel. Append-only: an entry never changes once
 * made, so a word in any snapshot of the state expands the same way later.
 */
export class CompactFiles {
  /** By partOf(word). Read by Kernel.file(), whose feedback every open file warms (an expansion in a function of its own ran cold after a flood). */
  readonly parts: readonly SharedPart[] = []
  private readonly shared = this.parts as SharedPart[]
  private readonly byKey = new Map<string, number>()
  /** The two parts used last (a flood alternates a fresh socket's and a connection's). */
  private recent = [-1, -1]

  /** The index of (flags, path, memcg), or -1 when the table is full (the caller keeps an object). */
  private index(flags: number, path: string, memcg: number): number {
    for (const i of this.recent) {
      const p = this.shared[i]
      if (p && p.flags === flags && p.path === path && p.memcg === memcg) return i
    }
    const key = `${flags} ${memcg} ${path}`
    let i = this.byKey.get(key)
    if (i === undefined) {
      if (this.shared.length >= MAX_SHARED) return -1
      i = this.shared.push({ flags, path, memcg }) - 1
      this.byKey.set(key, i)
    }
    this.recent = [i, this.recent[0]!]
    return i
  }

  /** A fresh socket of `domain` (obj -domain), or -1. */
  fresh(flags: number, domain: number, memcg: number): number {
    const i = this.index(flags, '', memcg)
    return i < 0 ? -1 : i * SLOTS + FRESH + domain
  }

  /** Is `word` a fresh socket of `domain`? */
  isFresh(word: number, domain: number): boolean {
    return slotOf(word) === FRESH + domain
  }

  /** The fresh socket `word`, now connected towards `dest` from ephemeral `port` (obj -port, path dest), or -1. */
  connected(word: number, dest: string, port: number): number {
    const p = this.shared[partOf(word)]!
    const i = this.index(p.flags, dest, p.memcg)
    return i < 0 ? -1 : i * SLOTS + port - EPHEMERAL_PORT_LOW
  }
}
