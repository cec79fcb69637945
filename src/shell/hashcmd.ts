// bash's table of remembered command paths (hashcmd.c over hashlib.c): a
// name's full path, found once by a $PATH search, and how often it was used.
// The `hash` builtin shows and edits it; findcmd.ts consults it.

/** hashcmd.h FILENAME_HASH_BUCKETS: the table starts with 256 buckets (a power of two). */
const FIRST_BUCKETS = 256
/** hashlib.c: the table grows fourfold once it holds twice as many entries as buckets. */
const REHASH_FACTOR = 2
const REHASH_MULTIPLIER = 4

interface Hashed {
  path: string
  /** bash's times_found: 1 when a search put it there, 0 for `hash NAME` and `hash -p`, +1 per lookup. */
  hits: number
  readonly khash: number
}

/** hashlib.c hash_string: 32-bit FNV-1 over the name's bytes (C's signed char on x86-64). */
function hashString(name: string): number {
  let h = 2166136261
  for (const b of new TextEncoder().encode(name)) h = (Math.imul(h, 16777619) ^ (b < 0x80 ? b : b | 0xffffff00)) >>> 0
  return h
}

/**
 * bash's table of remembered commands (hashed_filenames). Entries sit in
 * buckets as hashlib.c keeps them, newest first in its bucket, so `hash`
 * lists them in bash's order (hash_walk: bucket by bucket).
 */
export class CommandHash {
  private readonly entries = new Map<string, Hashed>()
  private buckets: string[][] = []
  private nbuckets = FIRST_BUCKETS
  /** bash makes the table at its first entry (phash_create); before that, removing a name is no error. */
  private made = false
  /**
   * bash's hashing_enabled (`set -h`, `set -o hashall`; on by default). Off, nothing is
   * remembered or looked up (phash_insert and phash_search return at once), but what the
   * table holds stays for `set -h`.
   */
  enabled = true

  get size(): number {
    return this.entries.size
  }

  /** phash_search: the remembered path, counting a hit (hash_search's times_found++). */
  search(name: string): string | undefined {
    if (!this.enabled) return undefined
    const e = this.entries.get(name)
    if (!e) return undefined
    e.hits++
    return e.path
  }

  /** phash_insert: remember `path` for `name` with `hits` (an existing entry keeps its place). */
  insert(name: string, path: string, hits: number): void {
    if (!this.enabled) return
    const old = this.entries.get(name)
    if (old) {
      old.path = path
      old.hits = hits
      return
    }
    this.made = true
    if (this.entries.size >= this.nbuckets * REHASH_FACTOR) this.grow()
    const e: Hashed = { path, hits, khash: hashString(name) }
    this.entries.set(name, e)
    ;(this.buckets[e.khash & (this.nbuckets - 1)] ??= []).unshift(name)
  }

  /** phash_remove: false when `name` was not there (and the table has been made). */
  remove(name: string): boolean {
    const e = this.entries.get(name)
    if (!e) return !this.made
    this.entries.delete(name)
    const b = this.buckets[e.khash & (this.nbuckets - 1)]!
    b.splice(b.indexOf(name), 1)
    return true
  }

  /** phash_flush (hash -r, a PATH assignment): every entry goes; the buckets stay as many. */
  flush(): void {
    if (this.entries.size === 0) return
    this.entries.clear()
    this.buckets = []
  }

  /** hash_walk order: [name, path, hits] bucket by bucket. */
  list(): [string, string, number][] {
    const out: [string, string, number][] = []
    for (const b of this.buckets) if (b) for (const name of b) {
      const e = this.entries.get(name)!
      out.push([name, e.path, e.hits])
    }
    return out
  }

  /** fork(2) copies the table with the rest of the shell's memory. */
  clone(): CommandHash {
    const c = new CommandHash()
    for (const [name, e] of this.entries) c.entries.set(name, { ...e })
    c.buckets = this.buckets.map((b) => b && [...b])
    c.nbuckets = this.nbuckets
    c.made = this.made
    c.enabled = this.enabled
    return c
  }

  /** hash_rehash: old buckets in order, each entry pushed onto the front of its new bucket. */
  private grow(): void {
    const old = this.buckets
    this.nbuckets *= REHASH_MULTIPLIER
    this.buckets = []
    for (const b of old) if (b) for (const name of b) {
      ;(this.buckets[this.entries.get(name)!.khash & (this.nbuckets - 1)] ??= []).unshift(name)
    }
  }
}
