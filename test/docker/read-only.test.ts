// docker run --read-only (docker run reference: "Mount the container's root
// filesystem as read only"): runc remounts / with MS_BIND|MS_REMOUNT|MS_RDONLY
// after pivot_root; volumes keep their own mounts and stay writable unless :ro.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const PULL = 'docker pull alpine >/dev/null; '
const run = (script: string) => new Machine().runScript(PULL + script, { maxSteps: 50_000_000 })

describe('docker run --read-only', () => {
  it('writes to the root filesystem fail with EROFS, touch exits 1', () => {
    const r = run('docker run --rm --read-only alpine touch /x; echo $?')
    expect(r.stdout).toBe('1\n')
    expect(r.stderr).toBe("touch: cannot touch '/x': Read-only file system\n")
  })
  it('mkdir and rm on the read-only root fail too; reads still work', () => {
    const r = run("docker run --rm --read-only alpine sh -c 'cat /etc/hostname >/dev/null && echo read; mkdir /y; rm /bin/ls; echo $?'")
    expect(r.stdout).toBe('read\n1\n')
    expect(r.stderr).toBe("mkdir: cannot create directory '/y': Read-only file system\nrm: cannot remove '/bin/ls': Read-only file system\n")
  })
  it('a -v volume stays writable; the host sees the file', () => {
    const r = run('docker run --rm --read-only -v /tmp:/data alpine touch /data/ok; echo $?; ls /tmp/ok')
    expect(r.stdout).toBe('0\n/tmp/ok\n')
    expect(r.stderr).toBe('')
  })
  it('/proc/self/mounts shows / as ro and the volume as rw', () => {
    const r = run("docker run --rm --read-only -v /tmp:/data alpine sh -c 'grep -E \" / | /data \" /proc/self/mounts | cut -d\" \" -f2,4 | cut -d, -f1,2'")
    // (the overlay root's line goes on with lowerdir=...,upperdir=...,workdir=...)
    expect(r.stdout).toBe('/ ro,relatime\n/data rw,relatime\n')
  })
  it('a :ro volume is read-only even without --read-only; the rest of the root stays writable', () => {
    const r = run('docker run --rm -v /tmp:/data:ro alpine sh -c "touch /data/no; touch /yes && echo ok"')
    expect(r.stdout).toBe('ok\n')
    expect(r.stderr).toBe("touch: cannot touch '/data/no': Read-only file system\n")
  })
  it('without --read-only the root filesystem is writable', () => {
    expect(run('docker run --rm alpine touch /x; echo $?').stdout).toBe('0\n')
  })
})
