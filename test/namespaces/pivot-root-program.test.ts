// pivot_root(8) (util-linux sys-utils/pivot_root.c) over pivot_root(2): the
// image's layer, bind-mounted to become a mount point, is the new root of a
// mount namespace; the old root hangs under put_old until umount -l. Errors
// are util-linux's err() lines; a new_root that is not a mount point is
// EINVAL (pivot_root(2) ERRORS).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('pivot_root(8)', () => {
  it('makes a bind-mounted image layer the root of a new mount namespace; the host keeps its root', () => {
    const r = new Machine().runScript([
      'docker pull alpine >/dev/null',
      'L=$(ls -d /var/lib/docker/overlay2/*/diff | head -1); mkdir -p /srv/box',
      'unshare -m sh -c "mount --bind $L /srv/box; cd /srv/box; mkdir -p oldroot; pivot_root . oldroot; cd /; umount -l /oldroot; head -1 /etc/os-release; ls /oldroot"',
      'echo "status $?"; head -1 /etc/os-release',
    ].join('\n'))
    // inside: alpine's os-release, and /oldroot empty after umount -l; outside: the host's own
    expect(r.stdout).toBe('NAME="Alpine Linux"\nstatus 0\nPRETTY_NAME="isolab GNU/Linux (Debian 12 bookworm userland)"\n')
    expect(r.stderr).toBe('')
  })
  it('refuses a new_root that is not a mount point (EINVAL) and a missing one (ENOENT), as util-linux reports them', () => {
    const r = new Machine().runScript('mkdir -p /srv/x/old; unshare -m pivot_root /srv/x /srv/x/old; echo $?; pivot_root /a /b; echo $?; pivot_root; echo $?')
    expect(r.stdout).toBe('1\n1\n1\n')
    expect(r.stderr).toBe("pivot_root: failed to change root from `/srv/x' to `/srv/x/old': Invalid argument\n" +
      "pivot_root: failed to change root from `/a' to `/b': No such file or directory\n" +
      "pivot_root: bad usage\nTry 'pivot_root --help' for more information.\n")
  })
})
