// The seed's "Shared Kernel = Efficiency": "Kernel code is loaded once in
// memory, shared libraries are loaded once, disk caches benefit all
// containers". With a page cache per kernel (kernel-sim/kernel/fs/pagecache.ts)
// that is measured, not asserted: 100 containers from one image cache the
// image's pages once on the host (every overlay's lower layer is the same
// inode), while 10 VMs each cache their own copy in their own guest kernel,
// and each also pays for a kernel of its own.
import { describe, expect, it } from 'vitest'
import { PAGE_SIZE } from '../../kernel-sim/abi/index.ts'
import type { Kernel } from '../../kernel-sim/index.ts'
import { pageCacheBytes } from '../../kernel-sim/kernel/fs/pagecache.ts'
import { Machine } from '../../src/host/machine.ts'

/** Bytes of the page cache held for the inodes under `dir` (a layer's diff directory), walked on the host. */
function cachedUnder(k: Kernel, dirIno: number): number {
  let bytes = 0
  const walk = (ino: number) => {
    const i = k.inode(ino)!
    if (i.type === 'd') for (const child of i.entries.values()) walk(child)
    else bytes += (k.s.pagecache.get(ino)?.nrPages ?? 0) * PAGE_SIZE
  }
  walk(dirIno)
  return bytes
}

function layerDiff(m: Machine): number {
  const k = m.kernel
  const root = k.inode(k.coarse.mounts[0]!.rootIno)!
  let ino = root.ino
  for (const name of ['var', 'lib', 'docker', 'overlay2', '43c4264eed91', 'diff']) ino = k.inode(ino)!.entries.get(name)!
  return ino
}

describe('page cache: one copy per kernel', () => {
  it('100 containers from one image raise the host page cache by one image\'s worth, not 100', () => {
    const m = new Machine()
    m.runScript('docker pull alpine >/dev/null; echo 3 > /proc/sys/vm/drop_caches')
    const diff = layerDiff(m)
    expect(cachedUnder(m.kernel, diff)).toBe(0)
    m.runScript('docker run --rm alpine cat /etc/os-release >/dev/null')
    const one = cachedUnder(m.kernel, diff)
    expect(one).toBeGreaterThan(0)
    const before = pageCacheBytes(m.kernel)
    const r = m.runScript('for i in $(seq 99); do docker run --rm alpine cat /etc/os-release >/dev/null; done; echo ok', { maxSteps: 200_000_000 })
    expect(r.stdout).toBe('ok\n')
    // The image's pages: still exactly one copy.
    expect(cachedUnder(m.kernel, diff)).toBe(one)
    // Whatever else the 99 runs cached (each container's own config and hosts files) is not the image again.
    expect(pageCacheBytes(m.kernel) - before).toBeLessThan(99 * one)
  }, 120_000)

  it('10 VMs from one image cache it ten times (in their guests), plus ten kernels; the host cache does not see it', () => {
    const m = new Machine()
    m.runScript('echo 3 > /proc/sys/vm/drop_caches')
    const names = Array.from({ length: 10 }, (_, i) => `v${i}`)
    m.runScript(names.map((n) => `vm create ${n} --profile microvm >/dev/null; vm start ${n} -q >/dev/null`).join('; '))
    const hostBefore = pageCacheBytes(m.kernel)
    const r = m.runScript(names.map((n) => `vm exec ${n} -- cat /etc/os-release >/dev/null`).join('; ') + '; echo ok', { maxSteps: 200_000_000 })
    expect(r.stdout).toBe('ok\n')
    const guests = names.map((n) => m.hypervisor.vms.get(n)!.run!.guest!)
    const caches = guests.map((g) => pageCacheBytes(g))
    // Each guest kernel caches the same files itself: ten equal copies.
    expect(caches[0]).toBeGreaterThan(0)
    for (const c of caches) expect(c).toBe(caches[0])
    // The guests' caches live in guest RAM (the VMMs' memory), not in the host's page cache.
    expect(pageCacheBytes(m.kernel) - hostBefore).toBeLessThan(caches[0]!)
    // And every VM carries a kernel of its own: text, data, struct page, slab.
    const kernels = names.map((n) => m.hypervisor.vms.get(n)!.overhead.guestKernel)
    for (const kb of kernels) expect(kb).toBeGreaterThan(16 * 2 ** 20)
    const vmTotal = caches.reduce((a, b) => a + b, 0) + kernels.reduce((a, b) => a + b, 0)
    expect(vmTotal).toBe(10 * (caches[0]! + kernels[0]!))
  }, 120_000)
})
