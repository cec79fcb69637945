// Shared e2e plumbing: system Chromium via playwright-core, the static dist/
// server, and helpers that read the terminal through window.isolab.
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { serveStatic } from './static-server.ts'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const ARTIFACTS = `${ROOT}test-artifacts`

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** The site under test: the e2e build (ISOLAB_DIST, see build-once.ts) or dist/. */
export const DIST = process.env.ISOLAB_DIST ?? `${ROOT}dist`

export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: install Debian's (apt-get install chromium, as .ci/run does) or set CHROMIUM=/path/to/chromium`)
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS })
}

export async function startSite(dir = DIST) {
  return serveStatic(dir)
}

export interface Watched { page: Page; errors: string[] }

export async function openPage(browser: Browser, url: string, viewport = { width: 1366, height: 800 }): Promise<Watched> {
  const ctx = await browser.newContext({ viewport })
  const page = await ctx.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`) })
  await page.goto(url)
  return { page, errors }
}

export const termText = (page: Page, id?: number) => page.evaluate((i) => window.isolab.termText(i), id)

/** Wait until the terminal text matches (default: ends in a prompt). */
export async function waitForText(page: Page, re: RegExp, timeout = 20_000): Promise<string> {
  const start = Date.now()
  let last = ''
  while (Date.now() - start < timeout) {
    last = await termText(page).catch(() => '')
    if (re.test(last)) return last
    await page.waitForTimeout(50)
  }
  throw new Error(`timed out waiting for ${re} in terminal:\n${last.slice(-1500)}`)
}

/** Wait for a fresh prompt: the line editor is reading and the last line ends in "# ". */
export async function waitForPrompt(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(() => {
    const t = window.isolab.termText()
    const last = t.split('\n').pop() ?? ''
    return /[#$]\s*$/.test(last) && !window.isolab.replaying
  }, undefined, { timeout, polling: 50 })
}

export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

export async function run(page: Page, line: string, timeout = 20_000): Promise<string> {
  const before = (await termText(page)).length
  await typeLine(page, line)
  await page.waitForFunction((n) => {
    const t = window.isolab.termText()
    return t.length > n && /[#$]\s*$/.test(t.split('\n').pop() ?? '')
  }, before, { timeout, polling: 50 })
  return (await termText(page)).slice(Math.max(0, before - 200))
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const path = `${ARTIFACTS}/${name}.png`
  await page.screenshot({ path })
  return path
}

/**
 * The usual set-up of a test file: the site, one browser and one watched page, opened before its
 * tests (beforeAll) and closed after them. The returned page and errors are read once it is open.
 */
/** A browser and the built site for one test file, started before its tests and closed after them. */
export function useBrowser(): { readonly browser: Browser; readonly url: string } {
  let browser: Browser | undefined
  let site: Awaited<ReturnType<typeof startSite>> | undefined
  beforeAll(async () => {
    site = await startSite()
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })
  return { get browser() { return browser! }, get url() { return site!.url } }
}

export function usePage(o: { waitForPrompt?: boolean } = {}): Watched {
  const env = useBrowser()
  let w: Watched | undefined
  beforeAll(async () => {
    w = await openPage(env.browser, env.url)
    if (o.waitForPrompt) await waitForPrompt(w.page)
  })
  return { get page() { return w!.page }, get errors() { return w!.errors } }
}
