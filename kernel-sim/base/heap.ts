// A binary min-heap of timers keyed by wake time (ties broken by insertion
// order, so wake-ups are deterministic). Lives beside the state, not in it: the
// state's Task.wakeNs is the truth, a heap entry whose time no longer matches is
// stale and skipped.

export interface Timer {
  at: number
  seq: number
  id: number
}

export class TimerHeap {
  private items: Timer[] = []
  private seq = 0

  get size(): number {
    return this.items.length
  }

  push(at: number, id: number): void {
    const a = this.items
    a.push({ at, seq: this.seq++, id })
    let i = a.length - 1
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!less(a[i]!, a[p]!)) break
      const x = a[i]!
      a[i] = a[p]!
      a[p] = x
      i = p
    }
  }

  peek(): Timer | undefined {
    return this.items[0]
  }

  pop(): Timer | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (a.length > 0 && last) {
      a[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && less(a[l]!, a[m]!)) m = l
        if (r < a.length && less(a[r]!, a[m]!)) m = r
        if (m === i) break
        const x = a[i]!
        a[i] = a[m]!
        a[m] = x
        i = m
      }
    }
    return top
  }
}

// Swaps above use a temporary, not [a, b] = [b, a]: a fork bomb's 10,000 sleepers wake through here.
function less(x: Timer, y: Timer): boolean {
  return x.at < y.at || (x.at === y.at && x.seq < y.seq)
}
