// When the live view may touch the page: at the start of a frame, so its DOM
// writes are laid out and painted with that frame (a key pressed between two
// frames then finds layout clean, and its echo does not pay for the view),
// but not in the frame right after a key press: that one draws the echo alone.
let keys = 0
let listening = false

/** Skip at most this many frames in a row (keys every frame: the view still moves). */
const MAX_SKIPS = 4

/** Runs `f(frameStart)` in the next frame that no key press came just before. */
export function inQuietFrame(f: (start: number) => void, skips = 0): void {
  if (!listening) {
    listening = true
    // Capture: counted before any handler (the terminal's) runs.
    window.addEventListener('keydown', () => { keys++ }, { capture: true, passive: true })
  }
  const seen = keys
  requestAnimationFrame(() => {
    if (keys !== seen && skips < MAX_SKIPS) return inQuietFrame(f, skips + 1)
    f(performance.now())
  })
}
