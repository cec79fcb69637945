// The blast radius on the Layers diagram: a guest kernel's breach lights that
// VM's boxes only; the host's breaches light the host's; the text names them.
import { describe, expect, it } from 'vitest'
import type { ViewBreach } from '../../src/host/types.ts'
import { bands, blastRadius, breachText } from './layers.ts'

const none = { host: false, kernel: false, containers: [], vms: [], vmms: [] }
const inGuest: ViewBreach = {
  atNs: 1, pid: 9, comm: 'exploit', vm: 'web1', from: 'container atk', what: 'kmalloc-4k heap overflow ran commit_creds(prepare_kernel_cred(0))',
  how: "root in the initial namespaces, unconfined: the guest's processes, files and kernel", reached: { ...none, host: true, kernel: true, containers: ['victim'] },
}
const venom: ViewBreach = {
  atNs: 2, pid: 6, comm: 'CPU 0/KVM', from: 'vm web1', what: 'the VMM (CPU 0/KVM, VM web1) jumped into guest RAM at 0x200000: it runs code the guest wrote',
  how: 'the VMM process, confined (uid 64055, seccomp 0, unconfined): not the host', reached: { ...none, vmms: ['web1'] },
}

describe('blastRadius', () => {
  it('a container escape inside a VM stops at its guest: nothing of the host is reached', () => {
    const b = blastRadius([inGuest])
    expect(b).toMatchObject({ host: false, kernel: false, containers: new Set(), vms: new Set(), vmms: new Set(), from: new Set() })
    expect(b.guests.get('web1')).toEqual({ from: new Set(['container atk']), user: true, kernel: true, containers: new Set(['victim']) })
  })

  it('VENOM from that VM reaches the host\'s VMM box, started from the VM', () => {
    const b = blastRadius([inGuest, venom])
    expect(b.vmms).toEqual(new Set(['web1']))
    expect(b.from).toEqual(new Set(['vm web1']))
    expect(b.host).toBe(false)
  })
})

describe('breachText', () => {
  it('names the VM, what worked, and each box reached', () => {
    expect(breachText(inGuest)).toBe('Blast radius: exploit[9] in container atk inside VM web1: kmalloc-4k heap overflow ran commit_creds(prepare_kernel_cred(0)). ' +
      "Reached: the guest's userland, the guest kernel and container victim (root in the initial namespaces, unconfined: the guest's processes, files and kernel).")
    expect(breachText(venom)).toMatch(/\. Reached: the VMM of web1 \(the VMM process, confined/)
  })

  it('a breach that reached nothing beyond its place says so', () => {
    expect(breachText({ ...venom, reached: none })).toContain('Reached: nothing beyond vm web1 (')
  })
})

describe('bands: columns wrap instead of shrinking their labels', () => {
  it('one band while every column gets at least 118 px', () => {
    expect(bands(3, 440)).toEqual([3])
    expect(bands(1, 200)).toEqual([1])
  })

  it('7 columns (host, 6 containers) and a VM on a phone panel of 370 px: three bands of at most 3', () => {
    expect(bands(8, 370)).toEqual([3, 3, 2])
  })

  it('fills bands evenly, never wider than fits', () => {
    for (const w of [240, 370, 450, 700, 1400]) {
      for (let n = 1; n <= 20; n++) {
        const b = bands(n, w)
        expect(b.reduce((a, x) => a + x, 0)).toBe(n)
        expect(Math.max(...b) * 118).toBeLessThanOrEqual(Math.max(w, 118))
        expect(Math.max(...b) - Math.min(...b)).toBeLessThanOrEqual(1)
      }
    }
  })
})
