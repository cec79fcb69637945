// What a page loads for labs: a shipped lab or scenario arrives parsed at
// build time, so neither the page (catalogue) nor the worker (player) fetches
// the YAML parser; a lab file of one's own does, to validate it and point at
// its errors. Detected by a message only the yaml package contains, in the
// files the site served.
import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIST, launch, run, startSite, waitForPrompt } from './harness.ts'

const YAML_MARK = 'Implicit keys need to be on a single line'

/** Every JS file the site served (the page's and its worker's), read back from the build. */
function watchJs(site: Awaited<ReturnType<typeof startSite>>): { yaml: () => boolean; has: (mark: string) => boolean } {
  const served: string[] = []
  site.server.on('request', (req: IncomingMessage) => { if (req.url?.endsWith('.js')) served.push(new URL(req.url, 'http://x').pathname) })
  const has = (mark: string) => served.some((p) => readFileSync(join(DIST, p), 'utf8').includes(mark))
  return { yaml: () => has(YAML_MARK), has }
}

describe('parsers load only when needed', () => {
  it('?catalogue and ?lab=NAME load no YAML parser; a file of one\'s own loads it and shows its errors', async () => {
    const site = await startSite()
    const browser = await launch()
    const js = watchJs(site)
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
      await page.goto(`${site.url}?catalogue`)
      await expect.poll(() => page.locator('#catalogue a[href="?lab=process-not-vm"]').count(), { timeout: 30_000 }).toBe(1)
      await page.goto(`${site.url}?lab=process-not-vm`)
      await waitForPrompt(page, 60_000)
      await expect.poll(() => page.locator('#lab h2').innerText(), { timeout: 20_000 }).toBe('Lab: a container is a process')
      await page.waitForTimeout(300)
      expect(js.yaml()).toBe(false)
      // An edited copy of a shipped file is a file of one's own: parsed here, its error at its line.
      await page.goto(`${site.url}?catalogue`)
      await page.locator('#lab-file').setInputFiles({ name: 'process-not-vm.yaml', mimeType: 'text/yaml', buffer: Buffer.from('id: process-not-vm\nkind: lab\nversion: 1\ntitle: x\nsummary: y\ntopic: nowhere\nsteps: []\n') })
      await expect.poll(() => page.locator('#lab').innerText(), { timeout: 30_000 }).toMatch(/process-not-vm\.yaml:6:8: topic: found "nowhere"/)
      expect(js.yaml()).toBe(true)
    } finally {
      await browser.close()
      await site.close()
    }
  }, 120_000)

  it('rarely run programs and the regex engine load on their first run: the shell finds them, the first run waits for the code', async () => {
    const site = await startSite()
    const browser = await launch()
    const js = watchJs(site)
    const RE2 = 'missing closing )' // re2js's own message
    const LSCPU = 'Display information about the CPU architecture.' // lscpu's usage text
    try {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
      await page.goto(site.url)
      await waitForPrompt(page, 60_000)
      await page.waitForTimeout(300)
      expect(js.has(RE2)).toBe(false)
      expect(js.has(LSCPU)).toBe(false)
      // bash's [[ =~ ]] waits for the regex engine on its first use.
      expect(await run(page, '[[ abc =~ ^a.c$ ]] && echo matched')).toMatch(/\r?\nmatched\r?\n/)
      expect(js.has(RE2)).toBe(true)
      // Found by name before its code is here: PATH, /usr/bin, help.
      expect(await run(page, 'type lscpu; ls /usr/bin/lscpu; help | grep -c lscpu')).toMatch(/lscpu is \/usr\/bin\/lscpu\r?\n\/usr\/bin\/lscpu\r?\n1\r?\n/)
      expect(js.has(LSCPU)).toBe(false)
      expect(await run(page, 'lscpu | head -2', 30_000)).toMatch(/Architecture:\s+x86_64\r?\n\s*CPU op-mode\(s\):/)
      expect(js.has(LSCPU)).toBe(true)
    } finally {
      await browser.close()
      await site.close()
    }
  }, 120_000)
})
