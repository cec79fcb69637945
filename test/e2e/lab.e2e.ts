// The lab player in real Chromium: ?lab=NAME opens it, Run types into the
// lab's terminal, Check fails with the state-aware hint before the solution
// and passes after it, progress survives a reload, the exported report grades
// as passed with `isolab lab grade`, and a malformed lab file is shown at its
// line and column. Screenshots of the player go to docs/screenshots.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, ROOT, startSite, termText, waitForPrompt, waitForText } from './harness.ts'

let browser: Browser
let site: Awaited<ReturnType<typeof startSite>>
let page: Page
const errors: string[] = []

beforeAll(async () => {
  site = await startSite()
  browser = await launch()
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  page = await ctx.newPage()
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`) })
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const lab = () => page.getByRole('region', { name: 'Lab' })
const result = () => lab().locator('.lab-result').innerText()

describe('the lab player', () => {
  it('?lab=process-not-vm opens the player on its first step', async () => {
    await page.goto(`${site.url}?lab=process-not-vm`)
    await waitForPrompt(page, 90_000)
    await expect.poll(() => lab().isVisible()).toBe(true)
    expect(await lab().locator('h2').innerText()).toBe('Lab: a container is a process')
    expect(await lab().locator('h3').innerText()).toBe('Step 1 of 4: Start a container')
  }, 120_000)

  it('Check fails with the hint for the state the machine is in', async () => {
    await lab().getByRole('button', { name: 'Check' }).click()
    await expect.poll(result).toMatch(/Not done yet/)
    expect(await result()).toMatch(/Hint: There is no container named app yet/)
  })

  it('the solution\'s Run types its command into the lab\'s terminal, and then Check passes', async () => {
    await lab().getByRole('button', { name: 'Solution' }).click()
    await lab().locator('.lab-result').getByRole('button', { name: 'Run' }).first().click()
    await waitForText(page, /root@host:~# docker run -d --name app alpine sleep 1d\n[0-9a-f]{64}\nroot@host:~#\s*$/, 60_000)
    await expect.poll(() => lab().locator('.lab-progress li').first().innerText(), { timeout: 10_000 }).toMatch(/^✔/)
    await lab().getByRole('button', { name: 'Check' }).click()
    await expect.poll(result).toMatch(/✔ (Already done|Task done): Start a container/)
    mkdirSync(`${ROOT}docs/screenshots`, { recursive: true })
    await page.screenshot({ path: `${ROOT}docs/screenshots/lab-player.png` })
  }, 90_000)

  it('progress survives a reload: the step and its done task come back', async () => {
    await lab().getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => lab().locator('h3').innerText()).toBe('Step 2 of 4: Find it on the host')
    await page.waitForTimeout(600) // the quiet-spell save
    await page.reload()
    await waitForPrompt(page, 90_000)
    await expect.poll(() => lab().locator('h3').innerText(), { timeout: 30_000 }).toBe('Step 2 of 4: Find it on the host')
    expect(await lab().locator('.lab-progress li').first().innerText()).toMatch(/^✔ Start a container/)
    expect(await termText(page)).toContain('docker run -d --name app alpine sleep 1d')
  }, 120_000)

  it('the exported report grades as passed with `isolab lab grade`', async () => {
    await lab().getByRole('button', { name: 'Solution' }).click()
    await lab().locator('.lab-result').getByRole('button', { name: 'Run' }).first().click()
    await expect.poll(() => lab().locator('.lab-progress li').nth(1).innerText(), { timeout: 20_000 }).toMatch(/^✔/)
    await lab().getByRole('textbox', { name: 'Your name for the report' }).fill('Ada')
    const [download] = await Promise.all([page.waitForEvent('download'), lab().getByRole('button', { name: 'Export report' }).click()])
    const dir = mkdtempSync(join(tmpdir(), 'isolab-report-'))
    const file = join(dir, 'report.json')
    await download.saveAs(file)
    const report = JSON.parse(readFileSync(file, 'utf8'))
    expect(report.learner).toBe('Ada')
    expect(report.results.filter((r: { done: boolean }) => r.done).map((r: { step: string }) => r.step)).toEqual(['start', 'find'])
    const out = execFileSync('node', [`${ROOT}bin/isolab.mjs`, 'lab', 'grade', file], { cwd: ROOT, encoding: 'utf8' })
    expect(out).toMatch(/Ada/)
    expect(out).not.toMatch(/mismatch|edited|FAIL/i)
  }, 120_000)

  it('a malformed lab file is refused, showing its line and column', async () => {
    const bad = 'id: broken\nkind: lab\nversion: 1\ntitle: Broken\nsummary: x\ntopic: containers\nsteps:\n  - id: one\n    title: One\n    text: hi\n    task: { checks: [ { process: { comm: sleep, colour: red } } ] }\n'
    await page.goto(`${site.url}?catalogue`)
    await waitForPrompt(page, 90_000)
    await page.locator('#lab-file').setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from(bad) })
    await expect.poll(() => lab().locator('.lab-errors').isVisible(), { timeout: 30_000 }).toBe(true)
    const text = await lab().locator('.lab-errors').innerText()
    expect(text).toMatch(/broken\.yaml:11:\d+: /)
    expect(text).toMatch(/colour/)
    expect(text).toMatch(/11 \| +task: \{ checks/)
    await page.screenshot({ path: `${ROOT}docs/screenshots/lab-file-error.png` })
    expect(errors, errors.join('\n')).toEqual([])
  }, 120_000)
})
