// `density` and `cost` in the page (issue #13): a form whose fields are the
// programs' flags; the worker runs the programs themselves on a fresh machine,
// so the page shows the terminal's output for the command line it names.
import { describe, expect, it } from 'vitest'
import { openPage, screenshot, useBrowser } from './harness.ts'

const env = useBrowser()

describe('?density: how many fit, and what it costs', () => {
  it('density, then cost for 100 tenants at $1500 a host: the programs\' own output; a bad size is the program\'s error', async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}?density`, { width: 1440, height: 900 })
    const form = page.getByRole('form', { name: 'Host and workload' })
    await form.waitFor({ timeout: 60_000 })
    // The defaults are the CLI's.
    expect(await page.getByLabel('Host RAM').inputValue()).toBe('32G')
    await page.getByRole('button', { name: 'How many fit (density)' }).click()
    const out = page.locator('#density pre.planner-output')
    await out.waitFor({ timeout: 60_000 })
    expect(await page.locator('#density .planner-result code').innerText()).toBe('density --host-memory 32G --workload 50M --vm-memory 4G')
    expect(await out.innerText()).toMatch(/^VMs \(ubuntu, full, 4\.0 GiB each; the article gives each VM 3-8 GB\): \d+$/m)
    expect(await out.innerText()).toMatch(/^containers: \d+$/m)

    await page.getByLabel('Host price per month (USD, cost)').fill('1500')
    await page.getByLabel('Tenants (cost; empty: 10 and 100)').fill('100')
    await page.getByRole('button', { name: 'What it costs (cost)' }).click()
    await expect.poll(() => page.locator('#density .planner-result code').innerText(), { timeout: 60_000 })
      .toBe('cost --host-memory 32G --workload 50M --vm-memory 4G --host-price 1500 --tenants 100')
    const cost = await out.innerText()
    expect(cost).toContain('costs $1500.00 per month')
    expect(cost).toMatch(/^tenants: 100$/m)
    expect(cost).toMatch(/^containers\s+\d+\s+\d+\s+\$\d+\.\d\d\s+\$\d+\.\d\d$/m)
    await screenshot(page, 'density-cost-1440')

    await page.getByLabel('Host RAM').fill('lots')
    await page.getByRole('button', { name: 'How many fit (density)' }).click()
    await expect.poll(() => page.locator('#density .planner-result .error').innerText().catch(() => ''), { timeout: 60_000 })
      .toContain("density: invalid host memory 'lots' (a size such as 512M or 32G)")
    expect(errors).toEqual([])
    await page.context().close()
  }, 180_000)

  it('fits a 390-px phone without sideways scrolling; compare links to it', async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}?density`, { width: 390, height: 844 })
    await page.getByRole('form', { name: 'Host and workload' }).waitFor({ timeout: 60_000 })
    await page.getByRole('button', { name: 'What it costs (cost)' }).click()
    await page.locator('#density pre.planner-output').waitFor({ timeout: 60_000 })
    // The output keeps the terminal's columns: it scrolls inside its box, the page does not.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(page, 'density-cost-390')
    await page.goto(`${env.url}?compare=CVE-2022-0185`)
    await page.locator('#compare a[href="?density"]').waitFor({ timeout: 60_000 })
    expect(errors).toEqual([])
    await page.context().close()
  }, 180_000)
})
