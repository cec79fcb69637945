// Saving the workspace without serialising it on every keystroke: changes
// mark it dirty and one save follows a short quiet spell; the page saves at
// once when it is hidden or closed, and when the machine dies (the culprit
// must be gone from storage before anything else can go wrong).
import { saveWorkspace } from './storage.ts'
import type { Workspace } from './workspace.ts'

export class Saver {
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Saves done (for tests and the benchmark). */
  saves = 0

  constructor(private store: Storage, private current: () => Workspace, private onError: (e: string) => void, private quietMs = 400) {}

  changed(): void {
    if (this.timer !== undefined) return
    this.timer = setTimeout(() => this.flush(), this.quietMs)
  }

  /** Save now if a change is waiting (the page is going away). */
  flushPending(): void {
    if (this.timer !== undefined) this.flush()
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.saves++
    const e = saveWorkspace(this.store, this.current())
    if (e) this.onError(e)
  }
}
