// What a page loads for labs: a shipped lab or scenario arrives parsed at
// build time, so neither the page (catalogue) nor the worker (player) fetches
// the YAML parser; a lab file of one's own does, to validate it and point at
// its errors. Detected by a message only the yaml package contains, in the
// files the site served.
import { readFileSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DIST, launch, startSite, waitForPrompt } from './harness.ts'

const YAML_MARK = 'Implicit keys need to be on a single line'

/** Every JS file the site served (the page's and its worker's), read back from the build. */
function watchJs(site: Awaited<ReturnType<typeof startSite>>): { yaml: () => boolean } {
  const served: string[] = []
  site.server.on('request', (req: IncomingMessage) => { if (req.url?.endsWith('.js')) served.push(new URL(req.url, 'http://x').pathname) })
  return { yaml: () => served.some((p) => readFileSync(join(DIST, p), 'utf8').includes(YAML_MARK)) }
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
})
