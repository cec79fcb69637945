// Persistent namespaces (unshare(1) EXAMPLES, "Establish a persistent UTS namespace"):
// unshare --uts=FILE bind-mounts /proc/PID/ns/uts on FILE, which keeps the namespace alive
// with no process in it; nsenter --uts=FILE enters it; umount FILE releases it, after which
// setns(2) on the plain file is EINVAL. lsns's NSFS column shows the bind mount's path.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('persistent namespaces', () => {
  it('unshare --uts=FILE keeps the namespace; nsenter --uts=FILE enters it; umount releases it', () => {
    const r = run('touch /root/uts; unshare --uts=/root/uts hostname FOO; nsenter --uts=/root/uts hostname; hostname; ' +
      'umount /root/uts; nsenter --uts=/root/uts hostname; echo "st=$?"')
    expect(r.stdout).toBe('FOO\nhost\nst=1\n')
    expect(r.stderr).toBe("nsenter: reassociate to namespace 'ns/uts' failed: Invalid argument\n")
  })

  it('the file must exist (unshare.c bind_ns_files: "mount SRC on FILE failed")', () => {
    const r = run('unshare --uts=/root/nope true; echo "st=$?"')
    expect(r.stderr).toMatch(/^unshare: mount \/proc\/\d+\/ns\/uts on \/root\/nope failed: No such file or directory\n$/)
    expect(r.stdout).toBe('st=1\n')
  })

  it('--mount=FILE is bound from the old mount namespace; the new one keeps its mounts', () => {
    const r = run('touch /root/m; unshare --mount=/root/m sh -c "mount -t tmpfs none /mnt; touch /mnt/x"; ' +
      'nsenter --mount=/root/m ls /mnt; echo host:; ls /mnt; umount /root/m; echo "st=$?"')
    expect(r.stdout).toBe('x\nhost:\nst=0\n')
  })

  it('lsns -o NSFS shows where a namespace is bound', () => {
    const r = run('touch /root/uts; unshare --uts=/root/uts true; nsenter --uts=/root/uts sleep 100 & sleep 1; lsns -t uts -o NS,NPROCS,NSFS')
    expect(r.stdout).toMatch(/\n\d{10} +1 \/root\/uts\n/)
  })
})
