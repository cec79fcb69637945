// The decision advisor in the page (issue: "In the web app, the same advisor
// runs as a form"): the terminal's `advise` questions as a form, answered by
// `advise --json` on a fresh machine in its own worker. Real Chromium, built site.
import { describe, expect, it } from 'vitest'
import { openPage, screenshot, useBrowser } from './harness.ts'

const env = useBrowser()

describe('?advise: the decision matrix as a form', () => {
  it('untrusted tenants → VMs, with reasons quoting measured figures and linking their labs; Kubernetes → containers inside VMs', async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}?advise`, { width: 1440, height: 900 })
    const form = page.locator('#advise form.advise-form')
    await form.waitFor({ timeout: 60_000 })
    expect(await page.locator('#advise fieldset').count()).toBe(9)
    // The defaults are the terminal's (trusted, no compliance, Linux, ...).
    expect(await page.locator('#advise input[name="trust"][value="trusted"]').isChecked()).toBe(true)
    await page.check('#advise input[name="trust"][value="untrusted"]')
    await page.click('#advise button[type="submit"]')
    await page.locator('#advise .recommendation').waitFor({ timeout: 60_000 })
    expect(await page.locator('#advise .recommendation').innerText()).toBe('Recommendation: VMs')
    const reasons = await page.locator('#advise .reasons li').allInnerTexts()
    expect(reasons.length).toBeGreaterThan(1)
    // The density reason quotes the packing measured on the fresh machine, shown again under "Measured".
    const held = (await page.locator('#advise .figures dd').last().innerText()).trim()
    expect(held).toMatch(/^\d+ VMs or \d+ containers$/)
    expect(reasons.some((r) => r.includes(`holds ${held}`))).toBe(true)
    expect(await page.locator('#advise .reasons a[href="?lab=kernel-bug-escape"]').count()).toBe(1)
    await screenshot(page, 'advise-1440')

    await page.check('#advise input[name="trust"][value="trusted"]')
    await page.check('#advise input[name="kubernetes"][value="yes"]')
    await page.click('#advise button[type="submit"]')
    await expect.poll(() => page.locator('#advise .recommendation').innerText(), { timeout: 60_000 }).toBe('Recommendation: containers inside VMs')
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('fits a 390-px phone without sideways scrolling', async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}?advise`, { width: 390, height: 844 })
    await page.locator('#advise form.advise-form').waitFor({ timeout: 60_000 })
    await page.click('#advise button[type="submit"]')
    await page.locator('#advise .recommendation').waitFor({ timeout: 60_000 })
    expect(await page.locator('#advise .recommendation').innerText()).toBe('Recommendation: containers')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(page, 'advise-390')
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)
})
