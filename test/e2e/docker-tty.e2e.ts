// Interactive containers in the browser: `docker run -it` typed in a terminal
// works in place (the tty goes raw, keystrokes reach the container's pty and
// its line discipline echoes them), and the live view's "Open terminal" on a
// container opens a new tab attached to `docker exec -it <name> sh`.
import { describe, expect, it } from 'vitest'
import { run, screenshot, termText, usePage, waitForPrompt, waitForText } from './harness.ts'

const w = usePage()

describe('docker -it in the web terminal', () => {
  it('docker run -it alpine sh: tty is /dev/pts/0 inside, exit returns to the host shell; Open terminal attaches a new tab', async () => {
    const page = w.page
    await waitForPrompt(page, 60_000)
    await run(page, 'docker run -dit --name box --hostname web1 alpine sh', 60_000) // called by its name (box), not its hostname
    await run(page, 'docker run -it alpine sh', 60_000)
    expect(await page.evaluate(() => window.isolab.workspace().log.length)).toBeGreaterThan(0)
    // Raw mode: these keys go to the container's pty one by one; its echo draws them.
    await page.keyboard.type('tty')
    await page.keyboard.press('Enter')
    await waitForText(page, /tty\n\/dev\/pts\/0\nroot@[0-9a-f]{12}:\/#\s*$/)
    // ^C from the keyboard travels as a byte to the container's pty, where ISIG makes it SIGINT for its foreground job.
    await page.keyboard.type('sleep 1000')
    await page.keyboard.press('Enter')
    await waitForText(page, /sleep 1000$/)
    await page.keyboard.press('Control+C')
    await waitForText(page, /sleep 1000\n\^C\nroot@[0-9a-f]{12}:\/#\s*$/)
    await page.keyboard.type('exit')
    await page.keyboard.press('Enter')
    await waitForText(page, /exit\nexit\nroot@host:~#\s*$/)
    expect(await page.evaluate(() => window.isolab.workspace().log.filter((e) => e.kind === 'keys').length)).toBeGreaterThan(0)

    // Only the running container's button (the view may still list the -it container for a refresh).
    const button = page.locator('#layers button.open-terminal', { hasText: 'box' })
    await button.first().waitFor({ timeout: 10_000 })
    const first = await page.evaluate(() => window.isolab.activeTerm)
    await button.first().click()
    await page.waitForFunction((f) => window.isolab.activeTerm !== f, first, { timeout: 10_000 })
    const id = (await page.evaluate(() => window.isolab.activeTerm))!
    await page.waitForFunction((i) => /root@web1:\/#\s*$/.test(window.isolab.termText(i)), id, { timeout: 30_000, polling: 50 })
    // Containers are called by the name the student gave them (docker run --name web1).
    expect(await termText(page, id)).toMatch(/^root@host:~# docker exec -it box sh\n/)
    await page.keyboard.type('tty')
    await page.keyboard.press('Enter')
    await page.waitForFunction((i) => /tty\n\/dev\/pts\/1\n/.test(window.isolab.termText(i)), id, { timeout: 10_000, polling: 50 })
    await screenshot(page, 'docker-exec-open-terminal')
    expect(w.errors).toEqual([])
  })
})
