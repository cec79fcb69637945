// When the live view may touch the page: at the start of a frame, so its DOM
// writes are laid out and painted with that frame (a key pressed between two
// frames then finds layout clean, and its echo does not pay for the view).
// While the learner types, it waits for a pause in the typing (at most
// MAX_WAIT_MS, so the view still moves twice a second), and never runs in the
// frame right after a key press: that frame draws the echo alone.
let keys = 0
let lastKeyAt = -Infinity
let listening = false

/** Typing: keys closer together than this (people type 5-10 a second). */
const PAUSE_MS = 250
/** The longest the view waits for typing to pause. */
const MAX_WAIT_MS = 500

function listen(): void {
  if (listening) return
  listening = true
  // Capture: counted before any handler (the terminal's) runs.
  window.addEventListener('keydown', () => { keys++; lastKeyAt = performance.now() }, { capture: true, passive: true })
}

/** Runs `f(frameStart)` in a frame after a pause in typing (or once it has waited MAX_WAIT_MS since `since`). */
export function inQuietFrame(f: (start: number) => void, since = performance.now()): void {
  listen()
  const wait = Math.min(lastKeyAt + PAUSE_MS, since + MAX_WAIT_MS) - performance.now()
  if (wait > 0) return void setTimeout(() => inQuietFrame(f, since), wait)
  const seen = keys
  requestAnimationFrame(() => {
    if (keys !== seen && performance.now() - since < MAX_WAIT_MS) return inQuietFrame(f, since)
    f(performance.now())
  })
}
