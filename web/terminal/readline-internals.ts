// xterm-readline keeps a few things private that a bash-like editor needs:
// the cursor position (Ctrl-W, Tab), cancelling a read (Ctrl-D on an empty
// line) and per-terminal history (it otherwise shares one global localStorage
// key across all instances). All such access is isolated here.
import type { Readline } from 'xterm-readline'

interface Internals {
  state: { line: { buf: string; pos: number } }
  activeRead?: { resolve(s: string): void }
  history: { entries: string[]; cursor: number; saveToLocalStorage(): void }
}

const inner = (rl: Readline) => rl as unknown as Internals

export const cursorPos = (rl: Readline): number => inner(rl).state.line.pos
export const isReading = (rl: Readline): boolean => inner(rl).activeRead !== undefined

/** End the current read without a line (used for EOF). */
export function cancelRead(rl: Readline): void {
  inner(rl).activeRead = undefined
}

/** Detach the pending read (its promise stays unresolved until the caller resolves it). */
export function takeRead(rl: Readline): { resolve(s: string): void } | undefined {
  const r = inner(rl).activeRead
  inner(rl).activeRead = undefined
  return r
}

/** Replace history (newest first) and stop the global localStorage sharing. */
export function useOwnHistory(rl: Readline, entries: string[]): void {
  const h = inner(rl).history
  h.saveToLocalStorage = () => {}
  h.entries = entries.slice()
  h.cursor = -1
}

/** Characters Ctrl-W removes before the cursor: trailing spaces, then a word. */
export function wordRubout(buf: string, pos: number): number {
  let i = pos
  while (i > 0 && buf[i - 1] === ' ') i--
  while (i > 0 && buf[i - 1] !== ' ') i--
  return pos - i
}
