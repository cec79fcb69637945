// A key's echo is drawn without a synchronous layout: xterm.js measures a
// character's width (offsetWidth of a hidden span) the first time it draws it,
// inside the animation frame that shows the key. The terminal measures the
// printable ASCII characters ahead, while the page is idle.
// While the learner types and the machine is busy, the live view draws only in
// the frame right after one that echoed a key (web/view/frames.ts). The key
// handler changes no style (xterm's textarea follows the cursor in the frame),
// so the echo's frame lays the page out once, after drawing the row.
import { describe, expect, it } from 'vitest'
import { typeLine, useBrowser, waitForPrompt } from './harness.ts'

describe('keystroke echo', () => {
  // One browser and site for the file; each test opens (and closes) its own context.
  const env = useBrowser()

  it('typing characters never drawn before in this terminal reads no layout (offsetWidth) in the frames that draw them', async () => {
    const browser = env.browser
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
      await page.addInitScript(() => {
        const w = window as unknown as { __reads: number }
        w.__reads = 0
        const d = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth')!
        Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get() { w.__reads++; return d.get!.call(this) } })
      })
      await page.goto(env.url)
      await waitForPrompt(page, 60_000)
      await page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
      // (an idle moment, as between the prompt and a person's first key)
      await page.evaluate(() => new Promise((r) => requestIdleCallback(r, { timeout: 2000 })))
      await page.evaluate(() => { (window as unknown as { __reads: number }).__reads = 0 })
      for (const key of 'qzjxkv~^}|') {
        await page.keyboard.press(key)
        // the frame that draws it, and the next
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      }
      expect(await page.evaluate(() => window.isolab.termText().split('\n').pop())).toMatch(/qzjxkv~\^\}\|$/)
      expect(await page.evaluate(() => (window as unknown as { __reads: number }).__reads)).toBe(0)
    } finally {
      for (const ctx of browser.contexts()) await ctx.close()
    }
  }, 120_000)

  it('while a busy machine updates the live view, typing in another terminal gets its view frames only right after an echo frame', async () => {
    const browser = env.browser
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage()
      await page.goto(env.url)
      await waitForPrompt(page, 60_000)
      // tty1 keeps the machine busy (its virtual time moves, so the view changes every patch)...
      await typeLine(page, 'while true; do true; done')
      const t1 = (await page.evaluate(() => window.isolab.activeTerm))!
      // ...while the learner types in tty2.
      await page.click('#btn-new-term')
      await page.waitForFunction((first) => window.isolab.activeTerm !== first && /[#$]\s*$/.test(window.isolab.termText()), t1, { timeout: 60_000 })
      const t2 = (await page.evaluate(() => window.isolab.activeTerm))!
      await page.evaluate((id) => {
        // Frame times: document.timeline.currentTime is the time of the frame being produced (the same for all
        // its callbacks; a frame started at once for a key carries the time of the vsync tick before the key).
        const w = window as unknown as { __keys: { at: number; echo: number | null }[]; __view: number[]; __frames: number[] }
        w.__keys = []; w.__view = []; w.__frames = []
        // Every frame that ran animation callbacks (the page's and xterm's all go through this).
        const raf = window.requestAnimationFrame.bind(window)
        window.requestAnimationFrame = (cb) => raf((t) => { if (w.__frames.at(-1) !== t) w.__frames.push(t); cb(t) })
        const term = window.isolab.terminal(id)!
        window.addEventListener('keydown', (e) => { w.__keys.push({ at: e.timeStamp, echo: null }) }, { capture: true })
        term.onRender(() => { const k = w.__keys.at(-1); if (k && k.echo === null) k.echo = Number(document.timeline.currentTime) })
        const seen = (t: number) => { if (w.__view.at(-1) !== t) w.__view.push(t) }
        const mo = new MutationObserver(() => seen(Number(document.timeline.currentTime)))
        for (const el of [document.getElementById('live-view')!, document.getElementById('machine-status')!]) mo.observe(el, { subtree: true, childList: true, characterData: true, attributes: true })
      }, t2)
      await page.locator(`#term-panel-${t2} .xterm-helper-textarea`).focus()
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press(String.fromCharCode(97 + (i % 26)))
        await page.waitForTimeout(60)
      }
      const { keys, view, frames } = await page.evaluate(() => {
        const w = window as unknown as { __keys: { at: number; echo: number | null }[]; __view: number[]; __frames: number[] }
        return { keys: w.__keys, view: w.__view, frames: w.__frames }
      })
      expect(keys.every((k) => k.echo !== null)).toBe(true)
      const echoes = keys.map((k) => k.echo!)
      const during = view.filter((t) => t > keys[0]!.at + 20 && t <= keys.at(-1)!.at)
      // The view kept moving while the keys came (a test that saw no view frame would prove nothing).
      expect(during.length).toBeGreaterThanOrEqual(2)
      for (const v of during) {
        // Never in a frame that draws an echo...
        expect(echoes).not.toContain(v)
        // ...but in the next frame after an echo frame,
        const j = echoes.filter((e) => e < v).length - 1 // (echo frames come in key order)
        expect(frames.indexOf(v)).toBe(frames.indexOf(echoes[j]!) + 1)
        // and before the next key came (the view's work never stood between a key and its echo).
        if (j + 1 < keys.length) expect(keys[j + 1]!.at).toBeGreaterThan(v)
      }
    } finally {
      for (const ctx of browser.contexts()) await ctx.close()
    }
  }, 120_000)

  it('a key changes no style before its frame: the hidden textarea follows the cursor in the frame that draws the echo', async () => {
    const browser = env.browser
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage()
      await page.goto(env.url)
      await waitForPrompt(page, 60_000)
      const textarea = page.locator('.term-panel:not([hidden]) .xterm-helper-textarea')
      await textarea.focus()
      await page.evaluate(() => {
        // Where each move of the textarea happens: after a keydown and before the next animation frame ("key"), or
        // from a frame's callbacks on ("frame"). (A mutation observer hears of it at the end of that task.)
        const w = window as unknown as { __moves: string[]; __phase: string }
        w.__moves = []
        w.__phase = 'idle'
        const raf = window.requestAnimationFrame.bind(window)
        window.requestAnimationFrame = (cb) => raf((t) => { w.__phase = 'frame'; cb(t) })
        window.addEventListener('keydown', () => { w.__phase = 'key' }, { capture: true })
        const ta = document.querySelector<HTMLTextAreaElement>('.term-panel:not([hidden]) .xterm-helper-textarea')!
        new MutationObserver((ms) => { for (const _ of ms) w.__moves.push(w.__phase) }).observe(ta, { attributes: true, attributeFilter: ['style'] })
      })
      for (const key of 'hello') {
        await page.keyboard.press(key)
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      }
      const moves = await page.evaluate(() => (window as unknown as { __moves: string[] }).__moves)
      expect(moves.length).toBeGreaterThanOrEqual(5)
      expect(moves.filter((p) => p !== 'frame')).toEqual([])
      // It still ends up at the cursor (where an input method opens its popup).
      const at = await page.evaluate(() => {
        const term = window.isolab.terminal()!
        const ta = term.textarea!
        const cell = ta.getBoundingClientRect().width
        return { left: parseFloat(ta.style.left), expected: term.buffer.active.cursorX * cell }
      })
      expect(at.left).toBeCloseTo(at.expected, 0)
    } finally {
      for (const ctx of browser.contexts()) await ctx.close()
    }
  }, 120_000)
})
