// A Map whose copy does not copy its entries: the entries of the copy it was made
// from stay shared (`base`, never changed again), and what changed since is kept
// beside them (`add`: keys set, `gone`: base keys deleted). It iterates in a Map's
// order: base keys where they were (a value set again keeps its place), then the
// keys added, in the order they came (a deleted and re-added base key among them).
// kernel.ownMap() copies big Maps into one (a directory of a thousand entries is
// copied once per tick otherwise: /var/lib/docker/overlay2 with a thousand
// containers); when the changes grow past a fraction of the shared entries, a
// copy takes them all into a new base.

/** Changes kept beside the shared entries before a copy folds them in: 1/8 of them, at least 64. */
const FOLD_MIN = 64

export class CowMap<K, V> extends Map<K, V> {
  private base: ReadonlyMap<K, V>
  private add: Map<K, V>
  private gone: Set<K>
  private n: number

  private constructor(base: ReadonlyMap<K, V>, add: Map<K, V>, gone: Set<K>, n: number) {
    super()
    this.base = base
    this.add = add
    this.gone = gone
    this.n = n
  }

  /** A copy of `m` that shares its entries: `m` must never change again (a committed Map). */
  static over<K, V>(m: ReadonlyMap<K, V>): CowMap<K, V> {
    return new CowMap(m, new Map(), new Set(), m.size)
  }

  /** A copy: shares the base; the changes are copied, or folded into a new base when they have grown. */
  fork(): CowMap<K, V> {
    const changes = this.add.size + this.gone.size
    if (changes <= Math.max(FOLD_MIN, this.base.size >> 3)) return new CowMap(this.base, new Map(this.add), new Set(this.gone), this.n)
    return CowMap.over(new Map(this))
  }

  /** Is `key` one of the base's entries still in the map (possibly with a new value)? */
  private inBase(key: K): boolean {
    return this.base.has(key) && !this.gone.has(key)
  }

  override get size(): number {
    return this.n
  }

  override has(key: K): boolean {
    return this.add.has(key) || this.inBase(key)
  }

  override get(key: K): V | undefined {
    const v = this.add.get(key)
    if (v !== undefined || this.add.has(key)) return v
    return this.inBase(key) ? this.base.get(key) : undefined
  }

  override set(key: K, value: V): this {
    if (!this.has(key)) this.n++
    this.add.set(key, value) // a base key's new value keeps the base's place; a new key goes last in `add`
    return this
  }

  override delete(key: K): boolean {
    if (this.inBase(key)) {
      this.gone.add(key) // re-added later, it goes last (in `add`), as in a Map
      this.add.delete(key)
      this.n--
      return true
    }
    if (this.add.delete(key)) {
      this.n--
      return true
    }
    return false
  }

  override clear(): void {
    this.base = new Map()
    this.add = new Map()
    this.gone = new Set()
    this.n = 0
  }

  override *entries(): MapIterator<[K, V]> {
    const { base, add, gone } = this
    for (const [key, v] of base) {
      if (gone.has(key)) continue
      const w = add.get(key)
      yield [key, w !== undefined || add.has(key) ? w! : v]
    }
    for (const e of add) if (gone.has(e[0]) || !base.has(e[0])) yield e
  }

  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key
  }

  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries()
  }

  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, v] of this.entries()) fn.call(thisArg, v, key, this)
  }
}
