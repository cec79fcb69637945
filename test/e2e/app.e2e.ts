// The web app in real Chromium, served as plain static files from dist/.
import { describe, expect, it } from 'vitest'
import { run, screenshot, termText, typeLine, usePage, waitForPrompt, waitForText } from './harness.ts'

const w = usePage()

describe('isolab in the browser', () => {
  it('loads to a prompt', async () => {
    await waitForPrompt(w.page)
    await screenshot(w.page, '01-first-prompt')
    expect(await termText(w.page)).toMatch(/[#$]\s*$/)
    expect(w.errors).toEqual([])
  })

  it('idle, the minified kernel sleeps: init waits in pause() (S) and virtual time stands still', async () => {
    // The symptom that once kept the worker unminified: init stuck in R and the clock running away.
    const t0 = await w.page.evaluate(() => window.isolab.view()!.nowNs)
    await w.page.waitForTimeout(700)
    const v = await w.page.evaluate(() => window.isolab.view()!)
    expect(v.processes.find((p) => p.pid === 1)?.state).toBe('S')
    expect(v.nowNs).toBe(t0)
  })

  it('echo hello prints hello', async () => {
    const out = await run(w.page, 'echo hello')
    expect(out).toMatch(/echo hello\n(.*\n)?hello\n/)
  })

  it('ulimit -n 64; fdflood hits EMFILE', async () => {
    const out = await run(w.page, 'ulimit -n 64; fdflood', 60_000)
    expect(out).toContain('Too many open files')
    await screenshot(w.page, '02-fdflood-emfile')
  })

  it('the live view shows a command while it runs, and the timeline keeps it', async () => {
    // Self-contained: it checks the command it types itself, not one an earlier test typed.
    await typeLine(w.page, 'sleep 2')
    await w.page.waitForFunction(() => window.isolab.view()?.processes.some((p) => p.comm === 'sleep'), null, { timeout: 10_000 })
    await w.page.waitForFunction(() => document.querySelector('#procs')?.textContent?.includes('sleep'), null, { timeout: 10_000 })
    await waitForPrompt(w.page)
    await w.page.waitForFunction(() => !window.isolab.view()?.processes.some((p) => p.comm === 'sleep'), null, { timeout: 10_000 })
    expect(await w.page.locator('#files meter').count()).toBe(1)
    const tl = await w.page.evaluate(() => window.isolab.timeline())
    expect(tl.map((p) => p.text)).toContain('sleep 2')
    await screenshot(w.page, '03-live-view')
  })

  it('Ctrl-C stops a runaway loop and the prompt comes back', async () => {
    await typeLine(w.page, 'while true; do :; done')
    await w.page.waitForTimeout(1500)
    // The page stays responsive while the worker spins.
    const t0 = Date.now()
    await w.page.evaluate(() => 1)
    expect(Date.now() - t0).toBeLessThan(1000)
    await w.page.keyboard.press('Control+C')
    await waitForPrompt(w.page, 10_000)
    const out = await run(w.page, 'echo after')
    expect(out).toContain('after')
  })

  it('reload restores the workspace (log and history)', async () => {
    const logBefore = await w.page.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'line').map((e) => (e as { text: string }).text))
    await w.page.reload()
    await waitForText(w.page, /after/, 60_000)
    await waitForPrompt(w.page, 60_000)
    const logAfter = await w.page.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'line').map((e) => (e as { text: string }).text))
    expect(logAfter).toEqual(logBefore)
    expect(await w.page.locator('#banner').innerText()).toMatch(/Restored/)
    // History: Up recalls the last command.
    await w.page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
    await w.page.keyboard.press('ArrowUp')
    await waitForText(w.page, /echo after$/)
    await w.page.keyboard.press('Control+U')
    await screenshot(w.page, '04-restored')
  })

  it('timeline: scrub to an earlier command (read-only) and branch from it', async () => {
    const points = await w.page.evaluate(() => window.isolab.timeline())
    expect(points.length).toBeGreaterThanOrEqual(4)
    const range = w.page.locator('#timeline-range')
    await range.focus()
    await range.press('Home')
    await expect.poll(() => w.page.locator('#past-notice').isVisible()).toBe(true)
    expect(await w.page.locator('#past-notice').innerText()).toMatch(/after command #1: echo hello \(read-only\)/)
    await screenshot(w.page, '05-timeline-past')
    await range.press('ArrowRight') // command #2: the fdflood
    await w.page.click('#btn-branch')
    await waitForText(w.page, /Too many open files[^]*[#$]\s*$/, 30_000)
    await waitForPrompt(w.page, 30_000)
    const lines = await w.page.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'line').map((e) => (e as { text: string }).text))
    expect(lines).toEqual(['echo hello', 'ulimit -n 64; fdflood'])
    expect(await w.page.locator('#banner').innerText()).toMatch(/Branched after command #2/)
    await w.page.setViewportSize({ width: 1920, height: 1080 })
    await w.page.waitForTimeout(300)
    await screenshot(w.page, '06-branched-projector')
    await w.page.setViewportSize({ width: 1366, height: 800 })
  })

  it('a corrupted saved workspace is reported and set aside', async () => {
    await w.page.evaluate(() => localStorage.setItem('isolab.workspace', '{"format":"isolab-workspace","version":1,"seed":'))
    await w.page.reload()
    await waitForPrompt(w.page, 30_000)
    expect(await w.page.locator('#banner').innerText()).toMatch(/could not be read.*kept under "isolab\.workspace\.corrupt\./s)
    const kept = await w.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('isolab.workspace.corrupt.')).map((k) => localStorage.getItem(k)))
    expect(kept).toEqual(['{"format":"isolab-workspace","version":1,"seed":'])
    await screenshot(w.page, '07-corrupt-workspace')
  })

  it('no page errors and no CSP violations along the way', () => {
    expect(w.errors).toEqual([])
  })
})
