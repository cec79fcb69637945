// overlayfs mounts in a new mount namespace: copied at clone(CLONE_NEWNS),
// made private and bound onto themselves as runc does, then pivot_root.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNS, O_RDONLY, MS_BIND, MS_REC, MS_PRIVATE } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

describe('overlay mounts across mount namespaces', () => {
  it('runc-style: private, bind onto itself, proc inside, pivot_root', () => {
    const h = harness()
    const p = h.spawn()
    for (const d of ['/l', '/u', '/w', '/m', '/l/proc', '/l/old']) expect(h.call(p, 'mkdir', d, 0o755)).toBe(0)
    expect(h.call(p, 'mount', 'overlay', '/m', 'overlay', 0, 'lowerdir=/l,upperdir=/u,workdir=/w')).toBe(0)
    const c = h.fork(p, CLONE_NEWNS)
    expect(h.call(c, 'mount', '', '/', '', MS_REC | MS_PRIVATE, '')).toBe(0)
    expect(h.call(c, 'mount', '/m', '/m', '', MS_BIND | MS_REC, '')).toBe(0)
    expect(h.call(c, 'mount', 'proc', '/m/proc', 'proc', 0, '')).toBe(0)
    expect(h.call(c, 'pivot_root', '/m', '/m/old')).toBe(0)
    expect(h.call(c, 'umount2', '/old', 2)).toBe(0)
    const fd = h.open(c, '/proc/self/mountinfo', O_RDONLY)
    const info = h.call(c, 'read', fd, 1 << 16) as string
    expect(info).toMatch(/^\d+ \d+ 0:\d+ \/ \/ rw,relatime - overlay overlay rw,lowerdir=\/l,upperdir=\/u,workdir=\/w\n/)
  })
})
