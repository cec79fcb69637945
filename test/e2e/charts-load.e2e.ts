// The charts' library (uPlot) is not needed to type: it is requested after the
// first prompt, whatever the live view draws before it (its first draws come
// in animation frames, which can run before the prompt on a fast boot).
import { describe, expect, it } from 'vitest'
import { launch, startSite, waitForPrompt } from './harness.ts'

describe('the charts load after the first prompt', () => {
  it('uPlot is requested after the isolab:first-prompt mark, and the plots are drawn with it', async () => {
    const site = await startSite()
    const browser = await launch()
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
      await page.goto(site.url)
      await waitForPrompt(page, 60_000)
      const times = () => page.evaluate(() => ({
        prompt: performance.getEntriesByName('isolab:first-prompt')[0]?.startTime ?? NaN,
        uplot: performance.getEntriesByType('resource').find((e) => /uPlot[^/]*\.js$/.test(e.name))?.startTime ?? NaN,
      }))
      await expect.poll(async () => Number.isFinite((await times()).uplot), { timeout: 30_000 }).toBe(true)
      const t = await times()
      expect(t.uplot).toBeGreaterThanOrEqual(t.prompt)
    } finally {
      await browser.close()
      await site.close()
    }
  }, 120_000)
})
