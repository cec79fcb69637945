// Export the workspace to a file, import it into a fresh browser profile; a
// malformed file is refused with a precise message and changes nothing.
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launch, openPage, run, screenshot, startSite, termText, waitForPrompt, waitForText, type Watched } from './harness.ts'

let browser: Browser
let site: Awaited<ReturnType<typeof startSite>>
let a: Watched
let b: Watched
let exported = ''

beforeAll(async () => {
  site = await startSite()
  browser = await launch()
  a = await openPage(browser, site.url)
  b = await openPage(browser, site.url) // its own context: a fresh localStorage
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const lines = (p: Page) => p.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'line').map((e) => (e as { text: string }).text))
const saved = (p: Page) => p.evaluate(() => localStorage.getItem('isolab.workspace'))
const importFile = (p: Page, name: string, text: string) =>
  p.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) })

describe('workspace export and import', () => {
  it('Export downloads the workspace as JSON', async () => {
    await waitForPrompt(a.page)
    await run(a.page, 'echo exported-line')
    await run(a.page, 'cd /tmp')
    const [download] = await Promise.all([a.page.waitForEvent('download'), a.page.click('#btn-export')])
    expect(download.suggestedFilename()).toBe('isolab-workspace-seed1.json')
    exported = `${ARTIFACTS}/isolab-workspace-seed1.json`
    await download.saveAs(exported)
    const json = JSON.parse(readFileSync(exported, 'utf8'))
    expect(json).toMatchObject({ format: 'isolab-workspace', version: 1, seed: 1 })
    expect(json.log.filter((e: { kind: string }) => e.kind === 'line').map((e: { text: string }) => e.text)).toEqual(['echo exported-line', 'cd /tmp'])
  })

  it.each([
    ['truncated.json', () => readFileSync(exported, 'utf8').slice(0, 40), /^Import of truncated\.json failed: line 1, column \d+: not valid JSON \(.+\), expected an isolab workspace file\. Nothing was changed\.$/],
    ['bad-signal.json', () => {
      const j = JSON.parse(readFileSync(exported, 'utf8'))
      j.log.splice(2, 0, { kind: 'signal', term: 1, signal: 'KILL', atNs: 0 })
      return JSON.stringify(j, null, 2)
    }, /^Import of bad-signal\.json failed: log\[2\]\.signal: found a string "KILL", expected "INT", "EOF" or "TSTP"\. Nothing was changed\.$/],
  ])('a malformed file (%s) is refused precisely and loses nothing', async (name, text, message) => {
    await waitForPrompt(b.page)
    if ((await lines(b.page)).length === 0) await run(b.page, 'echo mine-before-import')
    // Saving follows a short quiet spell (not every keystroke): wait until the saved copy has the last line.
    await expect.poll(() => b.page.evaluate(() => localStorage.getItem('isolab.workspace') === JSON.stringify(window.isolab.workspace()))).toBe(true)
    const [logBefore, savedBefore, screenBefore] = [await lines(b.page), await saved(b.page), await termText(b.page)]
    await importFile(b.page, name, text())
    await expect.poll(() => b.page.locator('#banner').innerText()).toMatch(message)
    expect(await lines(b.page)).toEqual(logBefore)
    expect(await saved(b.page)).toBe(savedBefore)
    expect(await termText(b.page)).toBe(screenBefore)
    expect(await run(b.page, 'echo still-mine')).toContain('still-mine\n')
    await screenshot(b.page, `10-import-refused-${name.replace('.json', '')}`)
  })

  it('importing the exported file in a fresh page restores its log and history', async () => {
    await expect.poll(() => b.page.evaluate(() => localStorage.getItem('isolab.workspace') === JSON.stringify(window.isolab.workspace()))).toBe(true)
    const mine = await saved(b.page)
    await importFile(b.page, 'isolab-workspace-seed1.json', readFileSync(exported, 'utf8'))
    await expect.poll(() => b.page.locator('#banner').innerText()).toMatch(/^Imported isolab-workspace-seed1\.json \(2 commands replayed\); the previous workspace is kept under "isolab\.workspace\.before-import"\.$/)
    await waitForText(b.page, /echo exported-line\nexported-line\n[^]*cd \/tmp\n/, 30_000)
    await waitForPrompt(b.page, 30_000)
    expect(await lines(b.page)).toEqual(['echo exported-line', 'cd /tmp'])
    expect(await b.page.evaluate(() => localStorage.getItem('isolab.workspace.before-import'))).toBe(mine)
    // The replayed machine is where the exported one was, and history came along.
    expect(await run(b.page, 'pwd')).toContain('/tmp\n')
    await b.page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
    await b.page.keyboard.press('ArrowUp')
    await b.page.keyboard.press('ArrowUp')
    await waitForText(b.page, /cd \/tmp$/)
    await b.page.keyboard.press('Control+U')
    await screenshot(b.page, '11-imported')
    expect(a.errors).toEqual([])
    expect(b.errors).toEqual([])
  })
})
