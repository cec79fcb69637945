// The overlay2 storage driver (Docker docs "Use the OverlayFS storage driver";
// Documentation/filesystems/overlayfs.rst): each container's root is an overlay
// of the image's layers with its own upperdir, through Machine.runScript.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const PULL = 'docker pull alpine >/dev/null; '
const run = (script: string) => new Machine().runScript(PULL + script, { maxSteps: 50_000_000 })

describe('docker run on overlay2', () => {
  it('the container sees "overlay on / type overlay (rw,relatime,lowerdir=...,upperdir=...,workdir=...)"', () => {
    const r = run('id=$(docker run -d alpine sleep 1000); docker exec $id mount | head -1; mount | grep -c "^overlay on /var/lib/docker/overlay2/$id/merged type overlay"')
    const [line, count] = r.stdout.split('\n')
    expect(line).toMatch(/^overlay on \/ type overlay \(rw,relatime,lowerdir=\/var\/lib\/docker\/overlay2\/l\/[A-Z2-7]{26},upperdir=\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/diff,workdir=\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/work\)$/)
    expect(count).toBe('1')
  })

  it('what a container writes is in its upperdir on the host; the image layer is unchanged', () => {
    const r = run(`id=$(docker run -d alpine sh -c 'echo hi > /root/note; echo extra:x:99: >> /etc/group; sleep 1000'); sleep 1
d=/var/lib/docker/overlay2/$id/diff; cat $d/root/note; tail -1 $d/etc/group; ls $d; ls $d/etc
for l in $(cat /var/lib/docker/overlay2/$id/lower | tr : " "); do grep -c extra /var/lib/docker/overlay2/$l/etc/group; done`)
    expect(r.stdout).toBe('hi\nextra:x:99:\netc\nroot\ngroup\nhostname\nhosts\nresolv.conf\n0\n')
  })

  it('removing an image file inside the container leaves a whiteout (c 0,0) in its upperdir', () => {
    const r = run(`id=$(docker run -d alpine sh -c 'rm /etc/os-release; sleep 1000'); sleep 1
docker exec $id cat /etc/os-release; echo $?; ls -l /var/lib/docker/overlay2/$id/diff/etc/os-release | cut -d" " -f1,5,6`)
    expect(r.stdout).toBe('1\nc--------- 0, 0\n')
    expect(r.stderr).toContain('cat: /etc/os-release: No such file or directory')
  })

  it('containers of one image do not see each other\'s writes', () => {
    const r = run(`a=$(docker run -d alpine sh -c 'echo A > /tmp/x; sleep 1000'); b=$(docker run -d alpine sh -c 'echo B > /tmp/x; sleep 1000'); sleep 1
docker exec $a cat /tmp/x; docker exec $b cat /tmp/x; docker run --rm alpine ls /tmp | wc -l`)
    expect(r.stdout).toBe('A\nB\n0\n')
  })

  it('docker rm unmounts the overlay and removes the container layer and its l/ link', () => {
    const r = run(`id=$(docker run -d alpine sleep 1000); docker rm -f $id >/dev/null; mount | grep -c overlay; ls /var/lib/docker/overlay2 | wc -l; ls /var/lib/docker/overlay2/l | wc -l`)
    expect(r.stdout).toBe('0\n2\n1\n')
  })
})

describe('docker rmi on overlay2', () => {
  it('removes the image\'s layer directories and their l/ short links (none left dangling)', () => {
    const r = run(`ls /var/lib/docker/overlay2/l | wc -l; docker rmi alpine >/dev/null; ls /var/lib/docker/overlay2; ls /var/lib/docker/overlay2/l | wc -l`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('1\nl\n0\n')
  })
})
