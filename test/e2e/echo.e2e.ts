// A key's echo is drawn without a synchronous layout: xterm.js measures a
// character's width (offsetWidth of a hidden span) the first time it draws it,
// inside the animation frame that shows the key. The terminal measures the
// printable ASCII characters ahead, while the page is idle.
import { describe, expect, it } from 'vitest'
import { launch, startSite, waitForPrompt } from './harness.ts'

describe('keystroke echo', () => {
  it('typing characters never drawn before in this terminal reads no layout (offsetWidth) in the frames that draw them', async () => {
    const site = await startSite()
    const browser = await launch()
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
      await page.addInitScript(() => {
        const w = window as unknown as { __reads: number }
        w.__reads = 0
        const d = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetWidth')!
        Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get() { w.__reads++; return d.get!.call(this) } })
      })
      await page.goto(site.url)
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
      await browser.close()
      await site.close()
    }
  }, 120_000)
})
