// Browser benchmark for the web app (npm run bench:web, after a build):
// time to first prompt, JS transferred (gzipped), keystroke echo p95 while a
// socket flood runs in another terminal, and the longest main-thread task.
import { gzipSync } from 'node:zlib'
import { launch, openPage, startSite, termText, typeLine, waitForPrompt } from '../test/e2e/harness.ts'

const FLOOD = process.env.BENCH_FLOOD ?? 'ulimit -n 1048576; fdflood --sockets --count 1048576'
const KEYS = Number(process.env.BENCH_KEYS ?? 40)

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN }

const site = await startSite()
const browser = await launch()
const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 } })
const page = await ctx.newPage()
let jsGzip = 0
let jsRaw = 0
page.on('response', async (r) => {
  if (!/javascript/.test(r.headers()['content-type'] ?? '')) return
  const body = await r.body().catch(() => null)
  if (body) { jsRaw += body.length; jsGzip += gzipSync(body).length }
})
await page.addInitScript(() => {
  const w = window as unknown as { __longtasks: { start: number; duration: number }[] }
  w.__longtasks = []
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration }) }).observe({ type: 'longtask', buffered: true })
})
await page.goto(site.url)
await waitForPrompt(page, 60_000)
const firstPromptMs = await page.evaluate(() => performance.getEntriesByName('isolab:first-prompt')[0]?.startTime ?? NaN)

// Flood in tty1, type in tty2.
const t1 = (await page.evaluate(() => window.isolab.activeTerm))!
await typeLine(page, FLOOD)
const floodStart = await page.evaluate(() => performance.now())
await page.click('#btn-new-term')
await page.waitForFunction((first) => window.isolab.activeTerm !== first && /[#$]\s*$/.test(window.isolab.termText()), t1, { timeout: 60_000 })
const t2 = (await page.evaluate(() => window.isolab.activeTerm))!
await page.evaluate((id) => {
  const w = window as unknown as { __echo: number[]; __t0: number | null }
  w.__echo = []
  w.__t0 = null
  const term = window.isolab.terminal(id)!
  term.textarea!.addEventListener('keydown', () => { w.__t0 = performance.now() }, { capture: true })
  term.onRender(() => { if (w.__t0 !== null) { w.__echo.push(performance.now() - w.__t0); w.__t0 = null } })
}, t2)
const textarea = page.locator(`#term-panel-${t2} .xterm-helper-textarea`)
await textarea.focus()
for (let i = 0; i < KEYS; i++) {
  await page.keyboard.press(String.fromCharCode(97 + (i % 26)))
  await page.waitForTimeout(25)
}
const echo = await page.evaluate(() => (window as unknown as { __echo: number[] }).__echo)
const floodStill = await page.evaluate(() => window.isolab.view()?.files.nr ?? 0)
// Let the flood finish (or give up after 120 s), then stop it.
await page.waitForFunction((id) => /[#$]\s*$/.test(window.isolab.termText(id).split('\n').pop() ?? ''), t1, { timeout: 180_000 }).catch(() => {})
const floodMs = (await page.evaluate(() => performance.now())) - floodStart
const longtasks = await page.evaluate((from) => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks.filter((t) => t.start >= from), floodStart)
const tail = (await termText(page, t1)).split('\n').slice(-4).join('\n')

console.log('isolab web benchmark (headless Chromium, dist/ on 127.0.0.1)')
console.log(`  time to first prompt        ${firstPromptMs.toFixed(0)} ms`)
console.log(`  JS transferred              ${(jsGzip / 1024).toFixed(1)} KB gzipped (${(jsRaw / 1024).toFixed(1)} KB raw)`)
console.log(`  flood                       ${FLOOD}`)
console.log(`  file-nr during typing       ${floodStill}`)
console.log(`  keystroke echo (n=${echo.length})      p50 ${pct(echo, 50).toFixed(1)} ms, p95 ${pct(echo, 95).toFixed(1)} ms, max ${Math.max(...echo).toFixed(1)} ms`)
console.log(`  longest main-thread task    ${longtasks.length ? Math.max(...longtasks.map((t) => t.duration)).toFixed(0) : 0} ms (${longtasks.length} long tasks during flood)`)
console.log(`  flood wall time             ${(floodMs / 1000).toFixed(1)} s; last lines:\n${tail.replace(/^/gm, '    ')}`)
await browser.close()
await site.close()
