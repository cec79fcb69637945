// A command that kills the worker must not lock the app for good (issue:
// `logPrefixThroughCommand(ws, -1)` kept the culprit and the watchdog restarted
// forever): the command that was running is dropped, everything before it is
// kept, the page says so, and a reload keeps it dropped. Replays are fast and
// Ctrl-C stops one. The crash hooks exist only with ?debug.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openPage, run, termText, useBrowser, waitForPrompt, waitForText } from './harness.ts'

const env = useBrowser()

const lines = (p: Page) => p.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'line').map((e) => (e as { text: string }).text))
const banner = (p: Page) => p.locator('#banner').innerText()
const workspace = (log: unknown[]) => JSON.stringify({ format: 'isolab-workspace', version: 1, seed: 1, log })
const open = { kind: 'open', term: 0, cols: 100, rows: 30, atNs: 0 }
const line = (text: string) => ({ kind: 'line', term: 0, text, atNs: 0 })

/** A page whose saved workspace is `log` before it boots. */
async function withSaved(log: unknown[], query = ''): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport: { width: 1366, height: 800 } })
  await ctx.addInitScript((ws) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('isolab.workspace', ws); sessionStorage.setItem('seeded', '1') } }, workspace(log))
  const page = await ctx.newPage()
  await page.goto(`${env.url}${query}`)
  return page
}

describe('a worker death', () => {
  it('drops the running command, keeps the ones before it, says so, and a reload keeps it dropped', async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}?debug`)
    await waitForPrompt(page, 60_000)
    await run(page, 'echo kept-1')
    await run(page, 'echo kept-2')
    await page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
    await page.keyboard.type('sleep 1000 # the culprit')
    await page.keyboard.press('Enter')
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => window.isolab.crashWorker('hang'))).toBe(true)
    await page.waitForFunction(() => /stopped answering/.test(document.getElementById('banner')!.textContent ?? ''), undefined, { timeout: 15_000, polling: 100 })
    expect(await banner(page)).toMatch(/Command #3 \(sleep 1000 # the culprit\) was running and was left out; the 2 commands before it were kept\./)
    await waitForPrompt(page, 30_000)
    expect(await lines(page)).toEqual(['echo kept-1', 'echo kept-2'])
    await page.reload()
    await waitForPrompt(page, 30_000)
    expect(await lines(page)).toEqual(['echo kept-1', 'echo kept-2'])
    expect(await run(page, 'echo alive')).toContain('alive\n')
    expect(errors).toEqual([])
    await page.context().close()
  }, 90_000)

  it('during a replay: the command being replayed when it died is dropped (as a first command, too)', async () => {
    // The culprit is a command that cannot finish before the hang lands (a reproducer that ends quickly
    // would reach its prompt first, and then nothing was running when the worker died).
    const culprit = 'while :; do :; done'
    const page = await withSaved([open, line('echo before'), line(culprit), line('echo after')], `?debug&crashOn=${encodeURIComponent(culprit)}`)
    await page.waitForFunction(() => /stopped answering/.test(document.getElementById('banner')!.textContent ?? ''), undefined, { timeout: 30_000, polling: 100 })
    expect(await banner(page)).toMatch(/Command #2 \(while :; do :; done\) was running and was left out; the 1 command before it was kept\./)
    await waitForPrompt(page, 30_000)
    expect(await lines(page)).toEqual(['echo before'])
    await page.context().close()
  }, 90_000)
})

describe('replay', () => {
  it('an imported `while :; do :; done` does not stick in "replaying…": Ctrl-C stops the replay and the loop', async () => {
    const page = await withSaved([open, line('echo one'), line('while :; do :; done'), line('echo never-replayed')])
    await page.waitForFunction(() => window.isolab.phase === 'replaying' && /while :; do :; done/.test(window.isolab.termText()), undefined, { timeout: 30_000, polling: 50 })
    await page.waitForTimeout(500)
    expect(await page.locator('#machine-status').innerText()).toMatch(/replaying… \(Ctrl-C stops\)/)
    await page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
    await page.keyboard.press('Control+C')
    await waitForPrompt(page, 15_000)
    expect(await banner(page)).toMatch(/Replay stopped at your Ctrl-C after 3 of 4 recorded events; the 1 command after it was left out\./)
    expect(await lines(page)).toEqual(['echo one', 'while :; do :; done'])
    expect(await run(page, 'echo free')).toContain('free\n')
    await page.context().close()
  }, 60_000)

  it('3,000 commands replay at machine speed, not one per tick', async () => {
    const log = [open, ...Array.from({ length: 3000 }, (_, i) => line(`echo r${i}`))]
    const page = await withSaved(log)
    const t0 = Date.now()
    await waitForText(page, /echo r2999\nr2999\n/, 60_000)
    await waitForPrompt(page, 30_000)
    const ms = Date.now() - t0
    expect(ms).toBeLessThan(20_000) // one line per tick (plus the rest between ticks) was minutes
    expect((await termText(page)).split('\n').filter((l) => /^r\d+$/.test(l)).length).toBeGreaterThan(100)
    expect(await page.evaluate(() => window.isolab.timeline().length)).toBe(3000)
    await page.context().close()
  }, 90_000)
})
