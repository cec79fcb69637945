// Keyboard-only use, labels for screen readers, readable colours, and the
// layout at laptop, projector and 2x-zoom sizes (screenshots in test-artifacts/).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { run, screenshot, termText, useBrowser, waitForPrompt, waitForText } from './harness.ts'

const env = useBrowser()

async function open(viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
  const ctx = await env.browser.newContext({ viewport, deviceScaleFactor })
  const page = await ctx.newPage()
  await page.goto(env.url)
  await waitForPrompt(page)
  return page
}

/** A short description of the focused element: its role or tag and accessible name. */
const focused = (p: Page) => p.evaluate(() => {
  const e = document.activeElement as HTMLElement | null
  if (!e) return ''
  const label = e.getAttribute('aria-label') ?? (e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : null) ?? e.textContent ?? ''
  return `${e.getAttribute('role') ?? e.tagName.toLowerCase()}: ${label.trim().slice(0, 80)}`
})

// WCAG 2.x contrast of every visible text element outside the terminal (whose
// colours are checked from its theme), against the first opaque background behind it.
const CONTRAST = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number)
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b) }
  const bgOf = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || c[3] === 1) return c } return [11, 15, 20] }
  const out = []
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.xterm, svg, [hidden]') || !e.getClientRects().length) continue
    if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue
    const s = getComputedStyle(e)
    if (s.visibility === 'hidden' || e.matches(':disabled')) continue
    const [a, b] = [lum(rgb(s.color)), lum(bgOf(e))]
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700)
    if (ratio < (large ? 3 : 4.5)) out.push(e.tagName + '.' + e.className + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2))
  }
  return out
})()`

describe('accessibility and screen sizes', () => {
  it('keyboard only: Tab reaches every control and the terminal; F6 leaves it; Enter opens a terminal', async () => {
    const page = await open({ width: 1366, height: 768 })
    await run(page, 'echo first') // the timeline slider is disabled until there is a command
    await page.locator('#btn-new-term').focus()
    const seen: string[] = [await focused(page)]
    for (let i = 0; i < 14; i++) { await page.keyboard.press('Tab'); seen.push(await focused(page)) }
    expect(seen).toEqual([
      'button: + terminal', 'button: Export workspace', 'input: Import workspace', 'button: Reset', 'button: Settings',
      // The first-run welcome: three things to try, the density and cost form, the advisor, the catalogue, and its dismissal.
      'button: docker run --rm alpine ps', 'button: ulimit -n 64; fdflood', 'button: vm create web1; vm start web1',
      'a: density and cost form', 'a: decision advisor', 'a: lab catalogue', 'button: Got it — don\'t show this again', 'tab: tty0',
      'textarea: Terminal tty0: type a command; Tab completes, F6 leaves the terminal',
      // Tab inside the terminal completes instead of moving on…
      'textarea: Terminal tty0: type a command; Tab completes, F6 leaves the terminal',
    ])
    // …so F6 moves on: to the (scrollable) live view, then the timeline.
    await page.keyboard.press('F6')
    expect(await focused(page)).toBe('aside: Live view of the simulated machine')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toMatch(/^summary: host · pid ns \d+ — \d+ process(es)?$/) // a process group folds (its size depends on what has been reaped yet)
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('input: Timeline')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('button: Live')
    // Shift-F6 from the terminal goes back to its tab; arrows move between tabs.
    await page.locator('.term-panel:not([hidden]) .xterm-helper-textarea').focus()
    await page.keyboard.press('Shift+F6')
    expect(await focused(page)).toBe('tab: tty0')
    // Open a second terminal with the keyboard and use it.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+Tab')
    expect(await focused(page)).toBe('button: + terminal')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => window.isolab.activeTerm === 1 && /[#$]$/.test(window.isolab.termText()))
    expect(await focused(page)).toMatch(/^textarea: Terminal tty1/)
    await page.keyboard.type('echo typed-by-keyboard')
    await page.keyboard.press('Enter')
    await waitForText(page, /typed-by-keyboard\n[^]*[#$]$/)
    await page.keyboard.press('Shift+F6')
    await page.keyboard.press('ArrowLeft')
    expect(await focused(page)).toBe('tab: tty0')
    expect(await page.locator('#tab-0').getAttribute('aria-selected')).toBe('true')
    await page.context().close()
  })

  it('labels: landmarks, tabs, terminal input, gauges and the diagram have names', async () => {
    const page = await open({ width: 1366, height: 768 })
    await page.locator('#files meter').waitFor()
    const tree = await page.locator('body').ariaSnapshot()
    for (const line of [
      'banner', 'navigation "Workspace"', 'button "+ terminal"', 'button "Export workspace"', 'button "Reset"',
      'tablist "Terminal tabs"', 'tab "tty0" [selected]', 'tabpanel "tty0"',
      'textbox "Terminal tty0: type a command; Tab completes, F6 leaves the terminal"',
      'complementary "Live view of the simulated machine"', 'heading "Layers" [level=2]',
      'table "Open file descriptors per process"', 'contentinfo "Timeline"', 'slider "Timeline"',
    ]) expect(tree).toContain(line)
    expect(tree).toMatch(/meter "file-nr: \d+ \/ [\d,]+"/)
    expect(tree).toMatch(/img "Layers, top to bottom: host userland with \d+ processes; the host kernel 6\.8\.0-isolab shared by all; hardware with 2 CPUs and 8\.0 GiB RAM\."/)
    await page.context().close()
  })

  it('colours: page text has WCAG AA contrast, and so do the terminal theme colours', async () => {
    const page = await open({ width: 1366, height: 768 })
    await run(page, 'ulimit -n 8; fdflood') // fills the table: hot rows, alerts-style colours
    await page.waitForTimeout(400)
    expect(await page.evaluate(CONTRAST)).toEqual([])
    const theme = await page.evaluate(() => window.isolab.terminal()!.options.theme!)
    const lum = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    const ratio = (a: string, b: string) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) }
    for (const k of ['foreground', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'brightBlack'] as const) {
      expect(ratio(theme[k]!, theme.background!), k).toBeGreaterThanOrEqual(4.5)
    }
    await page.context().close()
  })

  it.each([
    ['laptop 1366x768', { width: 1366, height: 768 }, 1, 14, 80],
    ['projector 1920x1080', { width: 1920, height: 1080 }, 1, 18, 100],
    ['1366x768 at 2x zoom', { width: 683, height: 384 }, 2, 14, 40],
    ['1920x1080 at 2x zoom', { width: 960, height: 540 }, 2, 14, 40],
  ])('%s: everything fits, the terminal is big enough', async (name, viewport, dpr, minFont, minCols) => {
    const page = await open(viewport, dpr)
    await run(page, 'echo hello; ls /')
    await page.waitForTimeout(400)
    const m = await page.evaluate(() => {
      const r = (s: string) => document.querySelector(s)!.getBoundingClientRect()
      const t = window.isolab.terminal()!
      return {
        scrollW: document.documentElement.scrollWidth, scrollH: document.documentElement.scrollHeight,
        footerBottom: r('footer.timeline').bottom, headerTop: r('header').top, panelBottom: r('.term-panel:not([hidden])').bottom,
        footerTop: r('footer.timeline').top, cols: t.cols, rows: t.rows, font: t.options.fontSize!,
      }
    })
    expect(m.scrollW).toBeLessThanOrEqual(viewport.width)
    expect(m.scrollH).toBeLessThanOrEqual(viewport.height)
    expect(m.footerBottom).toBeLessThanOrEqual(viewport.height)
    expect(m.panelBottom).toBeLessThanOrEqual(m.footerTop + 1)
    expect(m.font).toBeGreaterThanOrEqual(minFont)
    expect(m.cols).toBeGreaterThanOrEqual(minCols)
    expect(m.rows).toBeGreaterThanOrEqual(8)
    await screenshot(page, `12-size-${name.replace(/[^\w]+/g, '-')}`)
    await page.context().close()
  })

  it('replayed prompts stay in place after a reload and a resize', async () => {
    const page = await open({ width: 1366, height: 768 })
    await run(page, 'echo one')
    await run(page, 'echo two')
    await page.reload()
    await waitForPrompt(page, 30_000)
    const replayed = /root@host:~# echo one\none\nroot@host:~# echo two\ntwo\nroot@host:~#$/
    const after = await termText(page)
    expect(after, after).toMatch(replayed)
    await page.setViewportSize({ width: 1000, height: 600 })
    await page.waitForTimeout(300)
    expect(await termText(page)).toMatch(replayed)
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.waitForTimeout(300)
    expect(await termText(page)).toMatch(replayed)
    expect(await run(page, 'echo three')).toMatch(/root@host:~# echo three\nthree\n/)
    await screenshot(page, '13-replayed-then-resized')
    await page.context().close()
  })
})
