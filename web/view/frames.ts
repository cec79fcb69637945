// When the live view may touch the page: at the start of a frame, so its DOM
// writes are laid out and painted with that frame (a key pressed between two
// frames then finds layout clean, and its echo does not pay for the view).
// While the learner types, it waits for a pause in the typing (at most
// MAX_WAIT_MS, so the view still moves twice a second), and then draws in the
// frame right after one that echoed a key: a live-view frame costs the main
// thread 5-10 ms (its script, then style, layout, paint of the panels), and
// that frame is the farthest from the next key. A frame at any other moment
// was as likely to be running when a key came, which then waited for it and
// often for one more 60 Hz frame (bench:web traces: the slowest echoes during
// a flood were keys queued behind a live-view frame).
let keys = 0
let lastKeyAt = -Infinity
let listening = false
/** Runs waiting for the next key: they go in the frame after the one that echoes it. */
let afterNextEcho: Waiting[] = []

interface Waiting { f: (start: number) => void; since: number; done: boolean }

/** Typing: keys closer together than this (people type 5-10 a second). */
const PAUSE_MS = 250
/** The longest the view waits for typing to pause. */
const MAX_WAIT_MS = 500

function listen(): void {
  if (listening) return
  listening = true
  // Capture: counted before any handler (the terminal's) runs.
  window.addEventListener('keydown', onKey, { capture: true, passive: true })
}

function onKey(): void {
  keys++
  lastKeyAt = performance.now()
  if (afterNextEcho.length === 0) return
  const waiting = afterNextEcho
  afterNextEcho = []
  // This callback runs in the frame that draws the key (the terminal's own callback, asked
  // for in its keydown handler, runs after it there); the runs go in the next one.
  requestAnimationFrame(() => afterFrame(waiting))
}

/** Runs `w` in the frame after this one, unless a key comes before it: then after that key's frame. */
function afterFrame(waiting: Waiting[]): void {
  const seen = keys
  requestAnimationFrame(() => {
    const start = performance.now()
    // A key since: this frame echoes it, so one more (unless keys come every frame for a second).
    if (keys !== seen && waiting.every((w) => start - w.since < 2 * MAX_WAIT_MS)) return afterFrame(waiting)
    for (const w of waiting) if (!w.done) { w.done = true; w.f(start) }
  })
}

/** Runs `f(frameStart)` in a frame after a pause in typing, or once it has waited MAX_WAIT_MS since `since`, in the frame after a key's echo. */
export function inQuietFrame(f: (start: number) => void, since = performance.now()): void {
  listen()
  const now = performance.now()
  const wait = Math.min(lastKeyAt + PAUSE_MS, since + MAX_WAIT_MS) - now
  if (wait > 0) return void setTimeout(() => inQuietFrame(f, since), wait)
  const w: Waiting = { f, since, done: false }
  if (now - lastKeyAt < PAUSE_MS) {
    // Still typing: the frame after the next key's echo, or the usual frame if the typing pauses first.
    afterNextEcho.push(w)
    setTimeout(() => {
      if (w.done || !afterNextEcho.includes(w)) return
      afterNextEcho = afterNextEcho.filter((x) => x !== w)
      inQuietFrame(f, since)
    }, lastKeyAt + PAUSE_MS - now)
    return
  }
  const seen = keys
  requestAnimationFrame(() => {
    // A key came meanwhile: typing again (this frame echoes it; the next one if the view has waited long enough).
    if (keys !== seen) return performance.now() - since >= MAX_WAIT_MS ? afterFrame([w]) : inQuietFrame(f, since)
    w.done = true
    f(performance.now())
  })
}
