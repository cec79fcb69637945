// mount(8) -o remount,ro / remount,rw / remount,bind,ro (mount(8) "FILESYSTEM-
// INDEPENDENT MOUNT OPTIONS"), and the EROFS text tools print afterwards.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('mount(8) -o remount,ro', () => {
  it('remount,ro makes the mount read-only; remount,rw makes it writable again', () => {
    const r = run('mkdir /m; unshare -m sh -c "mount -t tmpfs tmpfs /m; touch /m/a; mount -o remount,ro /m; touch /m/b; grep \\" /m \\" /proc/self/mounts; mount -o remount,rw /m; touch /m/c && ls /m"')
    expect(r.stdout).toBe('tmpfs /m tmpfs ro,relatime 0 0\na\nc\n')
    expect(r.stderr).toBe("touch: cannot touch '/m/b': Read-only file system\n")
  })
  it('remount,bind,ro affects only the bind mount, not the directory it shows', () => {
    const r = run('mkdir /n; unshare -m sh -c "mount --bind /tmp /n; mount -o remount,bind,ro /n; touch /n/x; touch /tmp/y && ls /n"')
    expect(r.stdout).toBe('y\n')
    expect(r.stderr).toBe("touch: cannot touch '/n/x': Read-only file system\n")
  })
})
