// The live view tells the truth (issue: bugs that made the view lie), the
// terminal fits, a phone does not scroll sideways, pastes read well, and the
// first-run welcome, clock and settings work. Real Chromium, built site.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { openPage, ROOT, run, screenshot, termText, useBrowser, waitForPrompt, waitForText } from './harness.ts'

const env = useBrowser()

async function fresh(viewport = { width: 1440, height: 900 }, query = ''): Promise<{ page: Page; errors: string[] }> {
  const w = await openPage(env.browser, `${env.url}${query}`, viewport)
  await waitForPrompt(w.page, 60_000)
  return w
}

describe('the terminal and the page fit the screen', () => {
  it('the terminal fills its panel on the first visit (no resize needed)', async () => {
    const { page } = await fresh()
    const fit = await page.evaluate(() => {
      const t = window.isolab.terminal()!
      const panel = document.querySelector<HTMLElement>('.term-panel:not([hidden])')!
      const screen = panel.querySelector<HTMLElement>('.xterm-screen')!
      const cell = screen.getBoundingClientRect().height / t.rows
      return { rows: t.rows, fits: Math.floor((panel.clientHeight - 12) / cell) }
    })
    // It used to get 12 of 43 rows until the window was resized.
    expect(fit.rows).toBeGreaterThanOrEqual(fit.fits - 1)
    expect(fit.rows).toBeGreaterThan(15)
    await page.context().close()
  })

  it('at 390 px nothing overflows sideways: header, terminal and timeline fit the phone', async () => {
    const { page, errors } = await fresh({ width: 390, height: 844 })
    await run(page, 'echo a-long-line-that-wraps-in-a-narrow-terminal-instead-of-pushing-the-page-wider-than-the-phone')
    const r = await page.evaluate(() => {
      const wide = [...document.querySelectorAll<HTMLElement>('header, header *, .tab-bar, .term-panel:not([hidden]), footer, footer *, #welcome, #welcome *')]
        .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > innerWidth + 0.5)
        .map((e) => `${e.tagName}.${e.className}`)
      return { scroll: document.documentElement.scrollWidth, wide, cols: window.isolab.terminal()!.cols }
    })
    expect(r.scroll).toBeLessThanOrEqual(390)
    expect(r.wide).toEqual([])
    expect(r.cols).toBeLessThan(60)
    await screenshot(page, 'phone-390')
    expect(errors).toEqual([])
    await page.context().close()
  })
})

describe('the live view tells the truth', () => {
  it('VMs appear in Layers with their guest kernel, and their console opens in a tab', async () => {
    const { page, errors } = await fresh()
    await page.click('#welcome button[data-dismiss]')
    await run(page, 'docker pull alpine >/dev/null; docker run -d --name web alpine sleep 1000; docker run -d --name db alpine sleep 1000', 60_000)
    await page.click('#clock button[data-speed="10"]') // the boot's 47 virtual seconds in about 5 real ones
    await run(page, 'vm create web1; vm start -q web1', 90_000)
    // vm start has returned, so the VM runs; the view catches up with its next patch (it may still show 'booting' for a frame).
    await page.waitForFunction(() => /web1 \(running\)/.test(document.querySelector('#layers svg')?.getAttribute('aria-label') ?? ''), undefined, { timeout: 10_000 })
    const label = (await page.locator('#layers svg').getAttribute('aria-label'))!
    expect(label).toMatch(/VM web1 \(running\) with its own guest kernel \d+\.\d+/)
    // Containers are called by their names, not their 12-digit ids.
    expect(label).toMatch(/container web with 1 processes/)
    expect(await page.locator('#layers').innerText()).not.toContain('No containers')
    // The README's picture of the live view: containers and a VM on one host.
    mkdirSync(`${ROOT}docs/screenshots`, { recursive: true })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${ROOT}docs/screenshots/live-view-containers-vm.png` })
    await page.click('button.open-console')
    await page.waitForFunction(() => [...document.querySelectorAll('[role="tab"]')].some((t) => t.textContent === 'console web1' && t.getAttribute('aria-selected') === 'true'), undefined, { timeout: 10_000 })
    await waitForText(page, /root@web1[^\n]*[#$]\s*$/, 30_000)
    await run(page, 'uname -n')
    expect(await termText(page)).toMatch(/uname -n\nweb1\n/)
    await screenshot(page, 'live-view-vm-console')
    expect(errors).toEqual([])
    await page.context().close()
  }, 180_000)

  it('alerts keep the culprit\'s name, place and fd count after it exits; repeats are counted', async () => {
    const { page } = await fresh()
    await run(page, 'echo 300 > /proc/sys/fs/file-max; ulimit -n 1000; fdflood --hold & sleep 1')
    const nobody = 'setpriv --reuid=65534 --regid=65534 --clear-groups cat /etc/hostname'
    await run(page, `${nobody}; ${nobody}; kill %1; wait; echo 838860 > /proc/sys/fs/file-max`)
    await page.waitForFunction(() => !window.isolab.view()!.processes.some((p) => p.comm === 'fdflood'), undefined, { timeout: 10_000 })
    await page.waitForTimeout(400)
    const text = await page.locator('#alerts').innerText()
    expect(text).toMatch(/\(2 times\)/)
    expect(text).toMatch(/victim cat\[\d+\] in host got ENFILE/)
    expect(text).toMatch(/culprit fdflood\[\d+\] in host held 1,000 fds/)
    expect(await page.locator('#alerts li').count()).toBe(1)
    await page.context().close()
  }, 60_000)

  it('plots keep a short peak: ulimit -n 64; fdflood shows about 64 open files, not 3', async () => {
    const { page } = await fresh()
    await run(page, 'ulimit -n 64; fdflood')
    await page.waitForTimeout(500)
    const caption = await page.locator('#plots figure', { hasText: 'open files' }).locator('.num').innerText()
    const peak = Number(/peak ([\d,]+)/.exec(caption)![1]!.replace(/,/g, ''))
    expect(peak).toBeGreaterThanOrEqual(64)
    await page.context().close()
  })

  it('scrubbing the timeline rewinds the header time and the plots, then Live comes back', async () => {
    const { page } = await fresh()
    await run(page, 'echo one')
    await run(page, 'sleep 2; ulimit -n 64; fdflood')
    await page.waitForTimeout(400)
    const liveStatus = await page.locator('#machine-status').innerText()
    const range = page.locator('#timeline-range')
    await range.focus()
    await range.press('Home')
    await expect.poll(() => page.locator('#machine-status').innerText()).toMatch(/\(past\)/)
    const past = await page.locator('#machine-status').innerText()
    const t = (s: string) => { const m = /virtual time ([\d.]+) (m?s)/.exec(s)!; return Number(m[1]) / (m[2] === 'ms' ? 1000 : 1) }
    expect(t(past)).toBeLessThan(t(liveStatus))
    const caption = await page.locator('#plots figure', { hasText: 'open files' }).locator('.num').innerText()
    expect(Number(/peak ([\d,]+)/.exec(caption)![1]!.replace(/,/g, ''))).toBeLessThan(64)
    await page.click('#btn-live')
    await expect.poll(() => page.locator('#machine-status').innerText()).not.toMatch(/\(past\)/)
    await page.context().close()
  })

  it('a folded process group stays folded while the machine is busy', async () => {
    const { page } = await fresh()
    const summary = page.locator('#procs details summary').first()
    await summary.click()
    await run(page, 'for i in $(seq 30); do sleep 0.05; done', 30_000)
    await page.waitForTimeout(600)
    expect(await page.locator('#procs details').first().evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    await page.context().close()
  })
})

describe('the scenarios inside the machine', () => {
  it('/usr/share/isolab/scenarios holds them: ls and cat work', async () => {
    const { page } = await fresh()
    expect(await run(page, 'ls /usr/share/isolab/scenarios')).toMatch(/docker[^]*namespaces/)
    expect(await run(page, 'ls /usr/share/isolab/scenarios/docker')).toContain('fd-exhaustion.yaml')
    expect(await run(page, 'grep -c "^id: uts" /usr/share/isolab/scenarios/namespaces/uts.yaml')).toMatch(/\n1\n/)
    await page.context().close()
  }, 90_000)
})

describe('isolab compare in the page', () => {
  it('?compare=CVE-2022-0185 draws the seven topologies side by side, the escapes in red', async () => {
    const { page, errors } = await openPage(env.browser, `${env.url}?compare=CVE-2022-0185`, { width: 1440, height: 900 })
    await page.locator('#compare .topos').waitFor({ timeout: 60_000 })
    expect(await page.locator('#compare figure.topo').count()).toBe(7)
    const row = (label: string) => page.locator('#compare table tr', { hasText: label }).first().innerText()
    expect(await row('container (default profile)')).toMatch(/blocked/)
    expect(await row('seccomp=unconfined')).toMatch(/escaped\s+host/)
    expect(await row('VM')).toMatch(/contained/)
    mkdirSync(`${ROOT}docs/screenshots`, { recursive: true })
    await page.locator('#compare').screenshot({ path: `${ROOT}docs/screenshots/compare-cve-2022-0185.png` })
    expect(errors).toEqual([])
    await page.context().close()
  }, 90_000)
})

describe('typing and pasting', () => {
  it('a pasted script runs one line per prompt, readable, without an extra Enter', async () => {
    const { page } = await fresh()
    await page.evaluate(() => window.isolab.terminal()!.paste('echo one\necho two\necho three\n'))
    await waitForText(page, /echo three\nthree\nroot@host:~#\s*$/, 20_000)
    expect(await termText(page)).toMatch(/root@host:~# echo one\none\nroot@host:~# echo two\ntwo\nroot@host:~# echo three\nthree\nroot@host:~#\s*$/)
    await page.context().close()
  })
})

describe('welcome, clock and settings', () => {
  it('the welcome shows once, its example runs on click, and once dismissed it stays away', async () => {
    const { page } = await fresh()
    await expect.poll(() => page.locator('#welcome').isVisible()).toBe(true)
    await page.click('#welcome button[data-try^="ulimit"]')
    await waitForText(page, /Too many open files[^]*[#$]\s*$/, 30_000)
    await page.click('#welcome button[data-dismiss]')
    expect(await page.locator('#welcome').isVisible()).toBe(false)
    await page.reload()
    await waitForPrompt(page, 60_000)
    expect(await page.locator('#welcome').isVisible()).toBe(false)
    await page.context().close()
  })

  it('Skip waiting ends a long sleep at once; the virtual clock still says how long it was', async () => {
    const { page } = await fresh()
    await page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
    await page.keyboard.type('sleep 600; echo woke')
    await page.keyboard.press('Enter')
    await page.waitForTimeout(500)
    await page.click('#clock button[data-speed="skip"]')
    await waitForText(page, /woke\nroot@host:~#\s*$/, 10_000)
    // the header follows the next view patch, which may land just after the prompt
    await expect.poll(() => page.locator('#machine-status').innerText(), { timeout: 10_000 }).toMatch(/virtual time 6\d\d\.\d+ s/)
    await page.click('#clock button[data-speed="10"]')
    expect(await page.locator('#clock button[data-speed="10"]').getAttribute('aria-pressed')).toBe('true')
    await page.context().close()
  })

  it('settings start a machine of the chosen size and keep it across a reload', async () => {
    const { page } = await fresh()
    await page.click('#btn-settings')
    await page.fill('#settings-dialog input[name="cpus"]', '4')
    await page.fill('#settings-dialog input[name="memory"]', '2048')
    await page.click('#settings-dialog button[type="submit"]')
    await waitForPrompt(page, 60_000)
    await run(page, 'nproc')
    expect(await termText(page)).toMatch(/nproc\n4\n/)
    await page.reload()
    await waitForPrompt(page, 60_000)
    expect(await page.evaluate(() => window.isolab.workspace().machine)).toEqual({ cpus: 4, memoryMiB: 2048 })
    expect(await page.evaluate(() => window.isolab.view()!.memory.totalBytes)).toBe(2048 * 2 ** 20)
    // A bad value is refused in the dialog, saying what was expected.
    await page.click('#btn-settings')
    await page.fill('#settings-dialog input[name="cpus"]', '0')
    await page.locator('#settings-dialog form').evaluate((f) => (f as HTMLFormElement).requestSubmit())
    expect(await page.locator('#settings-dialog [data-error]').innerText()).toBe('CPUs: expected 1 to 64, got "0".')
    await page.context().close()
  }, 120_000)
})
