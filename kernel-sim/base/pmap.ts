// A persistent map from small non-negative integers to values: a 32-way radix
// trie (as Clojure's PersistentVector / Linux's radix tree), with transient
// editing. docs/architecture.md "How state changes": hot kernel tables (fd tables, the open-file
// table, tasks, inodes, sockets) are held in the state as these opaque values so
// that a snapshot is O(1) and an update copies only the path it touches.
//
// Transient editing: every update takes an `edit` token (the kernel's tick
// number). Nodes created under the current token belong to this tick and are
// mutated in place; nodes from older ticks (i.e. reachable from a snapshot) are
// copied first. So a 1M-entry flood inside one tick costs O(1) amortized per
// insert, and every snapshot taken between ticks stays immutable.
//
// Each node counts the entries below it, which gives size in O(1) and "lowest
// free key" in O(log32 n): the fd allocator's find-first-zero (Linux keeps
// full_fds_bits for the same reason).

const BITS = 5
const WIDTH = 1 << BITS
const MASK = WIDTH - 1
/** Keys a trie of root shift s can hold: 2^(s+5). */
const CAPACITY: number[] = []
for (let s = 0; s <= 30; s += BITS) CAPACITY[s] = 2 ** (s + BITS)

interface Node<V> {
  edit: number
  count: number
  slots: (Node<V> | V | undefined)[]
}

function newNode<V>(edit: number): Node<V> {
  return { edit, count: 0, slots: new Array(WIDTH) }
}

export class PMap<V> {
  private constructor(
    private root: Node<V> | undefined,
    /** Bit shift of the root level: the trie holds keys < 2^(shift+5). */
    private shift: number,
    private readonly edit: number,
  ) {}

  static empty<V>(): PMap<V> {
    return new PMap<V>(undefined, 0, -1)
  }

  get size(): number {
    return this.root ? this.root.count : 0
  }

  get(key: number): V | undefined {
    let node = this.root
    if (node === undefined || key < 0 || key >= CAPACITY[this.shift]!) return undefined
    for (let s = this.shift; s > 0; s -= BITS) {
      node = node.slots[(key >>> s) & MASK] as Node<V> | undefined
      if (node === undefined) return undefined
    }
    return node.slots[key & MASK] as V | undefined
  }

  has(key: number): boolean {
    return this.get(key) !== undefined
  }

  /** Returns the updated map (this same object when already owned by `edit`). */
  set(key: number, value: V, edit: number): PMap<V> {
    if (key < 0 || !Number.isInteger(key) || key > 0x3fffffff) throw new RangeError(`PMap key ${key}`)
    if (value === undefined) throw new TypeError('PMap value undefined')
    let shift = this.shift
    let root = this.root ?? newNode<V>(edit)
    // Grow upwards until the key fits.
    while (key >= CAPACITY[shift]!) {
      const up = newNode<V>(edit)
      if (root.count > 0) {
        up.slots[0] = root
        up.count = root.count
      }
      root = up
      shift += BITS
    }
    root = ownNode(root, edit)
    const added = setIn(root, shift, key, value, edit)
    return this.result(root, shift, edit, added)
  }

  delete(key: number, edit: number): PMap<V> {
    if (!this.root || this.get(key) === undefined) return this
    const root = ownNode(this.root, edit)
    deleteIn(root, this.shift, key, edit)
    return this.result(root, this.shift, edit, -1)
  }

  private result(root: Node<V>, shift: number, edit: number, _delta: number): PMap<V> {
    if (this.edit === edit && this.root === root && this.shift === shift) return this
    if (this.edit === edit) {
      // Owned by this tick: mutate the wrapper in place (it is not in any snapshot).
      this.root = root
      this.shift = shift
      return this
    }
    return new PMap<V>(root, shift, edit)
  }

  /** Can `edit` still change this map in place? (Then it is not yet in any snapshot: do not memoize on its identity.) */
  editableBy(edit: number): boolean {
    return this.edit === edit
  }

  /** Smallest key >= from with no value (the lowest free fd). */
  lowestFree(from = 0): number {
    const cap = CAPACITY[this.shift]!
    if (!this.root || from >= cap) return Math.max(from, 0)
    const k = lowestFreeIn(this.root, this.shift, from)
    return k === -1 ? cap : k
  }

  /** Entries in key order. */
  *entries(): IterableIterator<[number, V]> {
    if (this.root) yield* walkIn(this.root, this.shift, 'entries') as IterableIterator<[number, V]>
  }

  *values(): IterableIterator<V> {
    if (this.root) yield* walkIn(this.root, this.shift, 'values') as IterableIterator<V>
  }

  *keys(): IterableIterator<number> {
    if (this.root) yield* walkIn(this.root, this.shift, 'keys') as IterableIterator<number>
  }

  /** Does any value satisfy `pred`? (In key order, stopping at the first; no generator: for scans of every task.) */
  some(pred: (value: V, key: number) => boolean): boolean {
    return this.root !== undefined && someIn(this.root, this.shift, 0, pred)
  }

  /** JSON view for snapshots and debugging: an object keyed by number. */
  toJSON(): Record<number, V> {
    const o: Record<number, V> = {}
    for (const [k, v] of this.entries()) o[k] = v
    return o
  }
}

function ownNode<V>(node: Node<V>, edit: number): Node<V> {
  if (node.edit === edit) return node
  return { edit, count: node.count, slots: node.slots.slice() }
}

/** Sets key below an owned node; returns +1 if it was new, 0 if replaced. */
function setIn<V>(node: Node<V>, shift: number, key: number, value: V, edit: number): number {
  const i = (key >>> shift) & MASK
  if (shift === 0) {
    const added = node.slots[i] === undefined ? 1 : 0
    node.slots[i] = value
    node.count += added
    return added
  }
  const child = node.slots[i] as Node<V> | undefined
  const owned = child ? ownNode(child, edit) : newNode<V>(edit)
  node.slots[i] = owned
  const added = setIn(owned, shift - BITS, key, value, edit)
  node.count += added
  return added
}

function deleteIn<V>(node: Node<V>, shift: number, key: number, edit: number): void {
  const i = (key >>> shift) & MASK
  node.count -= 1
  if (shift === 0) {
    node.slots[i] = undefined
    return
  }
  const child = ownNode(node.slots[i] as Node<V>, edit)
  deleteIn(child, shift - BITS, key, edit)
  node.slots[i] = child.count === 0 ? undefined : child
}

function lowestFreeIn<V>(node: Node<V>, shift: number, from: number): number {
  // Keys are < 2^30, so 32-bit integer arithmetic is exact here.
  const slots = node.slots
  if (shift === 0) {
    for (let i = from & MASK; i < WIDTH; i++) if (slots[i] === undefined) return (from & ~MASK) + i
    return -1
  }
  const span = 1 << shift // keys under one slot
  const base = from & ~((span << BITS) - 1)
  for (let i = (from >>> shift) & MASK; i < WIDTH; i++) {
    const slotBase = base + i * span
    const c = slots[i] as Node<V> | undefined
    const lo = from > slotBase ? from : slotBase
    if (c === undefined) return lo
    if (c.count === span && lo === slotBase) continue // full subtree
    const k = lowestFreeIn(c, shift - BITS, lo)
    if (k !== -1) return k
  }
  return -1
}

function someIn<V>(node: Node<V>, shift: number, base: number, pred: (value: V, key: number) => boolean): boolean {
  const slots = node.slots
  for (let i = 0; i < WIDTH; i++) {
    const s = slots[i]
    if (s === undefined) continue
    const k = base + i * (1 << shift)
    if (shift === 0 ? pred(s as V, k) : someIn(s as Node<V>, shift - BITS, k, pred)) return true
  }
  return false
}

/**
 * In key order, one generator with an explicit stack (nested generators cost a
 * resumption per level per entry: iterating a thousand tasks was a hot spot).
 * Lazy, as before: a slot is read when the walk reaches it.
 */
function* walkIn<V>(root: Node<V>, rootShift: number, what: 'entries' | 'values' | 'keys'): IterableIterator<[number, V] | V | number> {
  const nodes: Node<V>[] = [root]
  const pos: number[] = [0]
  const bases: number[] = [0]
  let d = 0
  while (d >= 0) {
    const i = pos[d]!
    if (i >= WIDTH) {
      d--
      continue
    }
    pos[d] = i + 1
    const s = nodes[d]!.slots[i]
    if (s === undefined) continue
    const shift = rootShift - d * BITS
    const k = bases[d]! + i * (1 << shift)
    if (shift === 0) yield what === 'values' ? (s as V) : what === 'keys' ? k : [k, s as V]
    else {
      d++
      nodes[d] = s as Node<V>
      pos[d] = 0
      bases[d] = k
    }
  }
}
