// xterm.js's DOM renderer measures each character's width the first time it
// draws it (WidthCache: a hidden span, then offsetWidth), a synchronous layout
// inside the animation frame that draws the echo of a key. Its cache is private;
// all access to it is isolated here, and a missing one (another renderer, a new
// xterm) only means nothing is measured ahead.

interface WidthCache { get(chars: string, bold: boolean, italic: boolean): number }
interface Internals { _core?: { _renderService?: { _renderer?: { value?: { _widthCache?: Partial<WidthCache> } } } } }

function widthCache(term: object): WidthCache | null {
  const c = (term as Internals)._core?._renderService?._renderer?.value?._widthCache
  return typeof c?.get === 'function' ? (c as WidthCache) : null
}

/**
 * Measures the printable ASCII characters now, so typing one later draws without a
 * layout. Cheap once done (cached lookups); xterm empties the cache when the font
 * or the character size changes, so callers repeat it after a fit.
 */
export function measureTypedCharacters(term: object): void {
  const cache = widthCache(term)
  if (!cache) return
  for (let code = 0x20; code < 0x7f; code++) cache.get(String.fromCharCode(code), false, false)
}

interface TextareaSync { _syncTextArea?: () => void }

/**
 * xterm.js moves its hidden textarea to the cursor (where an input method opens
 * its popup) as soon as the cursor moves, which for an echoed key is inside the
 * keydown handler. That style change made the frame that draws the echo lay the
 * page out before its animation callbacks (Chromium first hit-tests what is under
 * the mouse, which needs style and layout) and again after xterm drew the rows.
 * Done in the frame instead, it is laid out once with the rows. (An input method
 * places its composition view and the textarea itself when composition starts.)
 */
export function syncTextareaInFrame(term: object): void {
  const core = (term as { _core?: TextareaSync })._core
  const sync = core?._syncTextArea
  if (!core || typeof sync !== 'function') return
  let queued = false
  core._syncTextArea = () => {
    if (queued) return
    queued = true
    requestAnimationFrame(() => { queued = false; sync.call(core) })
  }
}
