// docker ps -s / --format {{.Size}} / system df measure each container's
// writable layer (moby overlay2 DiffSize → pkg/directory.Size over the upperdir:
// non-directories by lstat size, each inode once; a whiteout adds 0).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script)

describe('the writable layer\'s size', () => {
  it('ps -s: the bytes a container wrote (SIZE), plus the image it shares ("virtual")', () => {
    const r = run('docker run -d --name app1 alpine sleep 100 >/dev/null; docker run -d --name app2 alpine sleep 100 >/dev/null; ' +
      'docker exec app1 sh -c "echo hello > /root/note.txt; ln /root/note.txt /root/again; rm /etc/os-release"; ' +
      "docker ps -s --format '{{.Names}} {{.Size}}'; docker ps --format '{{.Names}} {{.Size}}'")
    expect(r.stderr).toBe('')
    // hostname, hosts and resolv.conf are bind mounts on Docker: not in the layer; a hard link counts once.
    expect(r.stdout).toBe('app2 0B (virtual 7.8MB)\napp1 6B (virtual 7.8MB)\n'.repeat(2))
  })
  it('system df: the containers\' layers, reclaimable for stopped ones', () => {
    const r = run('docker run -d --name app1 alpine sleep 100 >/dev/null; docker run --name app2 alpine sh -c "echo 12345678901 > /x"; ' +
      'docker exec app1 sh -c "echo hello > /root/note.txt"; docker system df | grep Containers')
    expect(r.stdout).toMatch(/^Containers +2 +1 +18B +12B \(66%\)\n$/)
  })
})
