// The page's machine lifecycle as an explicit state machine. One worker runs
// at a time; each start gets a new generation, and anything that arrives from
// an older generation (a late reply, a watchdog from a disposed worker) is
// ignored. Deaths in a row count restarts that did not reach 'ready'.
//
//   booting ──► replaying ──► ready
//      │            │           │
//      └────────────┴───────────┴──► dead ──► booting (restart)
//   any ──► booting (reset, import, branch, new settings)
export type Phase = 'booting' | 'replaying' | 'ready' | 'dead'

const NEXT: Record<Phase, readonly Phase[]> = {
  booting: ['replaying', 'ready', 'dead', 'booting'],
  replaying: ['ready', 'dead', 'booting'],
  ready: ['dead', 'booting'],
  dead: ['booting'],
}

export class Lifecycle {
  phase: Phase = 'booting'
  generation = 0
  deathsInRow = 0
  private listeners: ((p: Phase) => void)[] = []

  onChange(f: (p: Phase) => void): void { this.listeners.push(f) }

  /** A new worker: returns its generation. */
  start(): number {
    this.go('booting')
    return ++this.generation
  }

  current(gen: number): boolean { return gen === this.generation }

  go(to: Phase): void {
    if (to === this.phase && to !== 'booting') return
    if (!NEXT[this.phase].includes(to)) throw new Error(`lifecycle: ${this.phase} → ${to} is not a transition`)
    if (to === 'dead') this.deathsInRow++
    if (to === 'ready') this.deathsInRow = 0
    this.phase = to
    for (const f of this.listeners) f(to)
  }

  get replaying(): boolean { return this.phase === 'replaying' }
  /** Input may go to the machine (not while booting, replaying or dead). */
  get accepting(): boolean { return this.phase === 'ready' }
}
