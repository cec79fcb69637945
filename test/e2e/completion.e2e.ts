// Tab completion in the web terminal: commands, paths, and container names
// (the machine's read-only Machine.completer, through the worker).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { run, screenshot, usePage, waitForText } from './harness.ts'

const w = usePage({ waitForPrompt: true })

const input = (p: Page) => p.locator('.term-panel:not([hidden]) .xterm-helper-textarea')
async function typeThenTab(p: Page, text: string): Promise<void> {
  await input(p).focus()
  await p.keyboard.type(text)
  await p.keyboard.press('Tab')
}
/** The edited line up to the cursor, trailing spaces kept (termText trims them). */
async function untilCursor(p: Page, re: RegExp): Promise<void> {
  await p.waitForFunction((src) => {
    const b = window.isolab.terminal()!.buffer.active
    const line = b.getLine(b.baseY + b.cursorY)?.translateToString(false, 0, b.cursorX) ?? ''
    return new RegExp(src).test(line)
  }, re.source, { timeout: 10_000, polling: 50 })
}
/** Clear the line being edited (Ctrl-U) so the next test starts clean. */
const clearLine = (p: Page) => p.keyboard.press('Control+U')

describe('Tab completion', () => {
  it('completes a command name and runs it', async () => {
    await typeThenTab(w.page, 'ech')
    await untilCursor(w.page, /# echo $/)
    await w.page.keyboard.type('completed')
    await w.page.keyboard.press('Enter')
    await waitForText(w.page, /# echo completed\ncompleted\n[^]*#$/)
  })

  it('completes paths, directories with a slash', async () => {
    await typeThenTab(w.page, 'ls /us')
    await untilCursor(w.page, /# ls \/usr\/$/)
    await w.page.keyboard.type('b')
    await w.page.keyboard.press('Tab')
    await untilCursor(w.page, /# ls \/usr\/bin\/$/)
    await clearLine(w.page)
  })

  it('lists the choices when ambiguous and keeps the line', async () => {
    await typeThenTab(w.page, 'ls /s')
    await waitForText(w.page, /# ls \/s\nsbin\/ {2}srv\/ {2}sys\/\n[^\n]*# ls \/s$/)
    await untilCursor(w.page, /# ls \/s$/)
    await w.page.keyboard.type('ys')
    await w.page.keyboard.press('Enter')
    await waitForText(w.page, /# ls \/sys\n[^]*#$/)
  })

  it('completes container names after docker exec', async () => {
    await run(w.page, 'docker run -d --name webserver nginx', 60_000)
    await typeThenTab(w.page, 'docker exec -it web')
    await untilCursor(w.page, /# docker exec -it webserver $/)
    await screenshot(w.page, '14-tab-completion')
    await clearLine(w.page)
    expect(w.errors).toEqual([])
  })
})
