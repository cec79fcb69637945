// Layers with many columns (issue #13): six containers and a VM used to shrink
// the whole diagram to fit the panel, its labels to about 8 px. The diagram is
// drawn at the panel's width and wraps its columns into bands, so every label
// stays at 11 px, at 1440×900 and on a 390-px phone, without overlapping.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openPage, run, screenshot, useBrowser, waitForPrompt } from './harness.ts'

const env = useBrowser()

/** Each label's rendered font size, and pairs of labels whose boxes overlap. */
async function labels(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('#layers svg')!
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
    const texts = [...svg.querySelectorAll<SVGTextElement>('.layer text')]
    const boxes = texts.map((t) => t.getBoundingClientRect())
    const overlaps: string[] = []
    boxes.forEach((a, i) => boxes.forEach((b, j) => {
      if (j > i && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps.push(`${texts[i]!.textContent} / ${texts[j]!.textContent}`)
    }))
    // A label inside its own box (the rect before it in the group).
    const outside = texts.filter((t) => {
      const r = t.previousElementSibling!.getBoundingClientRect()
      const b = t.getBoundingClientRect()
      return b.left < r.left - 0.5 || b.right > r.right + 0.5
    }).map((t) => t.textContent)
    return {
      px: texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale),
      overlaps, outside, count: texts.length,
      wide: document.documentElement.scrollWidth > innerWidth,
      titles: [...svg.querySelectorAll('.layer title')].map((t) => t.textContent),
    }
  })
}

describe('Layers with six containers and a VM', () => {
  it('keeps every label at 11 px or more, none overlapping, at 1440×900 and at 390×844', async () => {
    const { page, errors } = await openPage(env.browser, env.url, { width: 1440, height: 900 })
    await waitForPrompt(page, 60_000)
    await page.click('#welcome button[data-dismiss]')
    const names = ['frontend', 'api-gateway', 'payments', 'postgres-main', 'redis-cache', 'worker-queue']
    await run(page, `docker pull alpine >/dev/null; for n in ${names.join(' ')}; do docker run -d --name $n alpine sleep 1000 >/dev/null; done`, 90_000)
    await page.click('#clock button[data-speed="10"]')
    await run(page, 'vm create web1; vm start -q web1', 120_000)
    await page.waitForFunction(() => /web1 \(running\)/.test(document.querySelector('#layers svg')?.getAttribute('aria-label') ?? '') &&
      document.querySelectorAll('#layers .layer.container').length >= 6, undefined, { timeout: 15_000 })
    for (const [width, height, shot] of [[1440, 900, 'layers-6-containers-vm-1440'], [390, 844, 'layers-6-containers-vm-390']] as const) {
      await page.setViewportSize({ width, height })
      // Laid out again at the new width (a resize observer redraws the diagram).
      await page.waitForFunction(() => {
        const svg = document.querySelector<SVGSVGElement>('#layers svg')
        return !!svg && Math.abs(svg.getBoundingClientRect().width - svg.viewBox.baseVal.width) < 1
      }, undefined, { timeout: 10_000 })
      const l = await labels(page)
      // host userland, 6 containers, the VM's guest userland, guest kernel and VMM, the host kernel, hardware.
      expect(l.count).toBe(12)
      expect(Math.min(...l.px)).toBeGreaterThanOrEqual(11)
      expect(l.overlaps).toEqual([])
      expect(l.outside).toEqual([])
      expect(l.wide).toBe(false)
      // A label cut to fit keeps its whole text in the box's tooltip.
      for (const n of names) expect(l.titles).toContain(`container ${n}: 1 processes (namespaced processes on the shared kernel)`)
      await page.locator('#layers').scrollIntoViewIfNeeded()
      await screenshot(page, shot)
    }
    expect(errors).toEqual([])
    await page.context().close()
  }, 240_000)
})
