// A pulled layer keeps its files' modes (moby pkg/archive: chmod to the tar
// header's mode after creating each entry, whatever dockerd's umask).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('image layers unpack with their modes', () => {
  it('/tmp and /var/tmp are 1777 (drwxrwxrwt) in the layer and in a container, not umask-stripped 1755', () => {
    const r = new Machine().runScript('docker pull alpine >/dev/null; stat -c %A /var/lib/docker/overlay2/*/diff/tmp; ' +
      'docker run --rm alpine stat -c "%A %n" /tmp /var/tmp /root')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('drwxrwxrwt\ndrwxrwxrwt /tmp\ndrwxrwxrwt /var/tmp\ndrwx------ /root\n')
  })
})
