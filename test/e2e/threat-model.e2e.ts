// The threat model in the page: component versions chosen in the settings
// (the CLI's --kernel/--runc/... with the same check), each process's
// capabilities, seccomp mode and AppArmor label, the blast radius of an
// exploit on the Layers diagram (from what the kernel recorded), and a
// scenario played step by step and all at once with the live view following.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openPage, run, screenshot, termText, useBrowser, waitForPrompt } from './harness.ts'

const env = useBrowser()

async function fresh(query = '', viewport = { width: 1440, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const w = await openPage(env.browser, `${env.url}${query}`, viewport)
  await waitForPrompt(w.page, 60_000)
  await w.page.locator('#welcome button[data-dismiss]').click({ timeout: 2000 }).catch(() => {})
  return w
}

const EXPLOIT = 'docker run --name atk --security-opt seccomp=unconfined isolab/exploits exploit CVE-2022-0185'
const reachedBoxes = (page: Page) => page.locator('#layers g.layer.reached').evaluateAll((gs) => gs.map((g) => g.getAttribute('class')!.replace(/\s*reached|\s*breach-from/g, '').replace('layer ', '')))

describe('component versions in the settings', () => {
  it('kernel 5.16.1 survives a reload: uname -r says it and vulns finds CVE-2022-0185; a bad version is refused as the CLI refuses it', async () => {
    const { page, errors } = await fresh()
    await page.click('#btn-settings')
    // The defaults are the CLI's.
    expect(await page.inputValue('#settings-dialog input[name="kernel"]')).toBe('6.8.0-isolab')
    expect(await page.inputValue('#settings-dialog select[name="mitigations"]')).toBe('auto')
    // The suggestions come from the worker's catalogue (the page ships no copy of it).
    await page.waitForFunction(() => [...document.querySelectorAll('#kernel-versions option')].some((o) => (o as HTMLOptionElement).value === '5.16.1' && o.textContent!.includes('CVE-2022-0185')))
    await page.fill('#settings-dialog input[name="kernel"]', '5.16.x')
    await page.locator('#settings-dialog form').evaluate((f) => (f as HTMLFormElement).requestSubmit())
    expect(await page.locator('#settings-dialog [data-error]').innerText()).toBe('Host kernel: invalid version "5.16.x" (expected e.g. 5.16.1, 1.1.11, 1.0.0-rc6).')
    await page.fill('#settings-dialog input[name="kernel"]', '5.16.1')
    await page.selectOption('#settings-dialog select[name="mitigations"]', 'off')
    await page.click('#settings-dialog button[type="submit"]')
    await waitForPrompt(page, 60_000)
    await page.reload()
    await waitForPrompt(page, 60_000)
    expect(await page.evaluate(() => window.isolab.workspace().machine)).toEqual({ cpus: 2, memoryMiB: 8192, versions: { kernel: '5.16.1', mitigations: 'off' } })
    await run(page, 'uname -r')
    expect(await termText(page)).toMatch(/uname -r\n5\.16\.1\n/)
    await run(page, 'cat /proc/cmdline')
    expect(await termText(page)).toMatch(/mitigations=off/)
    await run(page, 'vulns CVE-2022-0185 | head -2')
    expect(await termText(page)).toMatch(/kernel 5\.16\.1: AFFECTED/)
    expect(errors).toEqual([])
    await page.context().close()
  }, 180_000)
})

describe('the threat model in the live view', () => {
  it('each process shows its capabilities, seccomp mode and AppArmor label, and fits a phone', async () => {
    const { page, errors } = await fresh('', { width: 390, height: 844 })
    await run(page, 'docker run -d --name web alpine sleep 1000; docker run -d --privileged --name priv alpine sleep 1000', 60_000)
    const line = (place: string) => page.locator('#procs details', { hasText: `container ${place}` }).locator('.confinement').first()
    await expect.poll(() => line('web').innerText().catch(() => ''), { timeout: 10_000 }).toBe('caps docker default · seccomp 2 · docker-default (enforce)')
    expect(await line('priv').innerText()).toBe('caps full · seccomp 0 · unconfined')
    // The names are in the tooltip, as capsh --decode prints them.
    expect(await line('web').getAttribute('title')).toMatch(/^CapEff 00000000a80425fb = cap_chown,cap_dac_override,/)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('the blast radius: CVE-2022-0185 on 5.16.1 with seccomp=unconfined reaches the host and the other container', async () => {
    const { page, errors } = await fresh('?scenario=cve-2022-0185')
    // The scenario's machine: kernel 5.16.1 and a victim container beside the attacker's.
    await expect.poll(() => page.getByRole('region', { name: 'Lab' }).locator('h2').innerText(), { timeout: 20_000 }).toMatch(/^CVE-2022-0185/)
    await expect.poll(() => page.locator('#layers').innerText(), { timeout: 20_000 }).toContain('victim')
    expect(await reachedBoxes(page)).toEqual([])
    await run(page, EXPLOIT, 60_000)
    await expect.poll(() => reachedBoxes(page), { timeout: 10_000 }).toEqual(expect.arrayContaining(['userland', 'kernel', 'container']))
    const text = await page.locator('#layers .breach').innerText()
    expect(text).toMatch(/^Blast radius: exploit\[\d+\] in container atk: kmalloc-4k heap overflow ran commit_creds/)
    expect(text).toMatch(/Reached: the host's userland, the host kernel and container victim \(root in the initial namespaces, unconfined: /)
    await expect.poll(() => page.locator('#events').innerText()).toMatch(/EXPLOIT/)
    await screenshot(page, 'blast-radius')
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('inside a VM (guest kernel 5.16.1) the same escape lights the guest\'s boxes only; on a phone too', async () => {
    for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
      const { page, errors } = await fresh('', viewport)
      await page.click('#clock button[data-speed="skip"]') // the VM's boot without its 47 real seconds
      await run(page, 'vm create web1 --image alpine --memory 1G --kernel 5.16.1; vm start -q web1', 120_000)
      await run(page, `vm exec web1 -- 'docker run -d --name victim alpine sleep infinity >/dev/null; ${EXPLOIT}'`, 120_000)
      expect(await termText(page)).toContain('[+] CVE-2022-0185: gained')
      // The guest's containers box, its userland and its kernel; the host's userland, kernel and the VMM stay as they were.
      await expect.poll(() => reachedBoxes(page), { timeout: 20_000 }).toEqual(['container', 'guest-user', 'guest'])
      // It started in the guest's containers box (outlined), not on the host.
      expect(await page.locator('#layers g.layer.breach-from').evaluateAll((gs) => gs.map((g) => g.getAttribute('class')))).toEqual(['layer container reached breach-from'])
      expect(await page.locator('#layers .breach').innerText()).toMatch(/^Blast radius: exploit\[\d+\] in container atk inside VM web1: .*Reached: the guest's userland, the guest kernel and container victim \(/)
      await expect.poll(() => page.locator('#events').innerText()).toMatch(/EXPLOIT\s.*VM web1\s+exploit\[\d+\] kmalloc-4k heap overflow/)
      await page.locator('#layers').scrollIntoViewIfNeeded()
      await screenshot(page, `blast-radius-vm-${viewport.width}`)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width)
      expect(errors).toEqual([])
      await page.context().close()
    }
  }, 400_000)

  it('VENOM from a VM\'s guest (QEMU 2.2.0, its VMM root on the host): the VMM box and everything host root reaches; the guest box is where it started', async () => {
    const { page, errors } = await fresh()
    await page.click('#btn-settings')
    await page.fill('#settings-dialog input[name="qemu"]', '2.2.0')
    await page.click('#settings-dialog button[type="submit"]')
    await waitForPrompt(page, 60_000)
    await page.click('#clock button[data-speed="skip"]')
    await run(page, 'vm create a --image alpine --memory 256M; vm start -q a', 120_000)
    await run(page, "vm exec a -- 'exploit CVE-2015-3456 -- id'", 120_000)
    expect(await termText(page)).toContain('[+] CVE-2015-3456: gained code execution in the host\'s qemu-system-x86_64 process')
    await expect.poll(() => reachedBoxes(page), { timeout: 20_000 }).toEqual(['guest-user', 'guest', 'userland', 'vmm', 'kernel'])
    expect(await page.locator('#layers g.layer.breach-from').evaluateAll((gs) => gs.map((g) => g.getAttribute('class')))).toEqual(['layer guest-user reached breach-from'])
    expect(await page.locator('#layers .breach').innerText()).toMatch(/^Blast radius: CPU 0\/KVM\[\d+\] in vm a: the VMM \(CPU 0\/KVM, VM a\) jumped into guest RAM at 0x200000: it runs code the guest wrote\. Reached: the host's userland, the host kernel, VM a and the VMM of a \(root in the initial namespaces/)
    await screenshot(page, 'blast-radius-venom')
    expect(errors).toEqual([])
    await page.context().close()
  }, 300_000)

  it('on the default (fixed) kernel the same exploit reaches nothing: no box is red', async () => {
    const { page, errors } = await fresh()
    await run(page, 'docker run -d --name victim alpine sleep 1000', 60_000)
    await run(page, EXPLOIT, 60_000)
    expect(await termText(page)).toMatch(/Invalid argument/)
    await page.waitForTimeout(600) // a redraw or two
    expect(await reachedBoxes(page)).toEqual([])
    expect(await page.locator('#layers .breach').count()).toBe(0)
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)
})

describe('playing a scenario', () => {
  it('on a phone the step panel, a terminal of about 60% of the screen and the live view stack without overlapping the timeline', async () => {
    const { page, errors } = await fresh('?scenario=cve-2022-0185', { width: 390, height: 844 })
    await expect.poll(() => page.getByRole('region', { name: 'Lab' }).locator('h2').innerText(), { timeout: 20_000 }).toMatch(/^CVE-2022-0185/)
    const box = (sel: string) => page.locator(sel).first().evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top + scrollY, bottom: r.bottom + scrollY, height: r.height } })
    const [lab, terms, live, timeline] = [await box('.lab'), await box('.terminals'), await box('.live-view'), await box('.timeline')]
    expect(terms.height).toBeGreaterThanOrEqual(16 * 16 - 1)
    expect(terms.height).toBeLessThanOrEqual(0.6 * 844 + 1) // not the whole page's height
    expect(terms.top).toBeGreaterThanOrEqual(lab.bottom - 1)
    expect(live.top).toBeGreaterThanOrEqual(terms.bottom - 1)
    expect(timeline.top).toBeGreaterThanOrEqual(live.bottom - 1) // the live view ends above the timeline, not under it
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await screenshot(page, 'scenario-390')
    expect(errors).toEqual([])
    await page.context().close()
  }, 120_000)

  it('?scenario=NAME plays one step at a time with Next, then the rest at once; the live view follows', async () => {
    const { page, errors } = await fresh('?scenario=container-is-a-process')
    const lab = page.getByRole('region', { name: 'Lab' })
    const heading = () => lab.locator('h3').innerText()
    expect(await heading()).toBe('Step 1 of 5: Start a "container"')
    await lab.getByRole('button', { name: 'Play step' }).click()
    // The live view follows: a second pid namespace appears with sleep in it.
    await expect.poll(() => page.locator('#procs summary').allInnerTexts(), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/pid ns \d+ — 1 process$/)]))
    await lab.getByRole('button', { name: 'Next' }).click()
    expect(await heading()).toBe('Step 2 of 5: The host\'s view: an ordinary process')
    await lab.getByRole('button', { name: 'Play step' }).click()
    await expect.poll(() => termText(page), { timeout: 20_000 }).toMatch(/the container's host pid: \d+\n/)
    await lab.getByRole('button', { name: 'Play all' }).click()
    await expect.poll(heading, { timeout: 60_000 }).toBe('Step 5 of 5: And it dies like a process')
    await expect.poll(() => termText(page), { timeout: 60_000 }).toMatch(/unshare exited with 137 \(128 \+ 9: killed\)\n[^\n]*[#$] *$/)
    // Every step ran in order, each once.
    const t = await termText(page)
    const order = ['unshare -pf', 'ps -ef', 'readlink /proc/$$/ns/pid', 'grep NSpid', 'kill -9 $PID'].map((c) => t.indexOf(c))
    expect(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1]!))).toBe(true)
    // ...and the view followed: the killed container's group is gone.
    await expect.poll(() => page.locator('#procs summary').allInnerTexts(), { timeout: 10_000 }).not.toEqual(expect.arrayContaining([expect.stringMatching(/pid ns \d+ — 1 process$/)]))
    expect(errors).toEqual([])
    await page.context().close()
  }, 180_000)
})
