// rmdir(2) EBUSY: "pathname is currently in use by the system or some process
// that prevents its removal" — a mount point of the caller's own mount
// namespace (mount_namespaces(7): each namespace has its own mount list).
import { expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

it('a mount point made in a new mount namespace cannot be removed there', () => {
  const r = new Machine().runScript("mkdir /mnt/x; unshare -m sh -c 'mount -t tmpfs none /mnt/x; rmdir /mnt/x; echo $?'")
  expect(r.stdout).toBe('1\n')
  expect(r.stderr).toBe("rmdir: failed to remove '/mnt/x': Device or resource busy\n")
})
