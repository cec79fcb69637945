// The watchdog: a worker that hangs or dies is reported on the page and
// restarted from the saved workspace. The crash is a test hook that exists only
// on pages opened with ?debug (web/main.ts), never reachable from a terminal.
import { describe, expect, it } from 'vitest'
import { openPage, run, screenshot, useBrowser, waitForPrompt, waitForText } from './harness.ts'

const env = useBrowser()

const lines = (p: import('playwright-core').Page) =>
  p.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'line').map((e) => (e as { text: string }).text))

describe('watchdog', () => {
  it.each(['hang', 'exit'] as const)('a worker that %ss is reported and restarted from the saved workspace', async (mode) => {
    const { page, errors } = await openPage(env.browser, `${env.url}?debug`)
    await waitForPrompt(page)
    await run(page, `echo before-${mode}`)
    const before = await lines(page)
    expect(await page.evaluate((m) => window.isolab.crashWorker(m), mode)).toBe(true)
    // Pings stop; after the watchdog's 5 s the page says so and boots a new worker.
    await page.waitForFunction(() => /stopped answering/.test(document.getElementById('banner')!.textContent ?? ''), undefined, { timeout: 15_000, polling: 100 })
    expect(await page.locator('#banner').innerText()).toMatch(/The machine stopped answering for \d+ s, so it was restarted from the saved workspace\./)
    await waitForText(page, new RegExp(`echo before-${mode}\\nbefore-${mode}\\n`), 30_000)
    await waitForPrompt(page, 30_000)
    expect(await lines(page)).toEqual(before)
    const out = await run(page, 'echo alive-again')
    expect(out).toContain('alive-again\n')
    await screenshot(page, `09-watchdog-restarted-${mode}`)
    expect(errors).toEqual([])
    await page.context().close()
  }, 60_000)

  it('without ?debug the crash hook does nothing', async () => {
    const { page } = await openPage(env.browser, env.url)
    await waitForPrompt(page)
    expect(await page.evaluate(() => window.isolab.crashWorker('exit'))).toBe(false)
    await page.waitForTimeout(6_000)
    expect(await page.locator('#banner').isVisible()).toBe(false)
    expect(await run(page, 'echo still-here')).toContain('still-here\n')
    await page.context().close()
  }, 30_000)
})
