// findmnt(8) (util-linux misc-utils/findmnt.c): the default columns TARGET, SOURCE, FSTYPE, OPTIONS, a tree by
// parent mount (create_treenode: a mount that does not match hangs its children under the nearest one that does),
// a list with -l or when a mount point is given (FL_TREE dropped), -n, -t, -o; "unknown column"; status 1 when
// nothing matches. OPTIONS is libmount's merge: the per-mount options, then the filesystem's own minus rw/ro.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('findmnt', () => {
  it('prints the mount tree: each mount under the one it sits on, the tmpfs mounts of boot among them', () => {
    expect(run('findmnt').stdout).toBe(
      'TARGET             SOURCE  FSTYPE   OPTIONS\n' +
      '/                  rootfs  tmpfs    rw,relatime\n' +
      '├─/dev             udev    devtmpfs rw,nosuid,relatime,mode=755\n' +
      '│ ├─/dev/pts       devpts  devpts   rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000\n' +
      '│ └─/dev/shm       tmpfs   tmpfs    rw,nosuid,nodev\n' +
      '├─/proc            proc    proc     rw,nosuid,nodev,noexec,relatime\n' +
      '├─/sys             sysfs   sysfs    rw,nosuid,nodev,noexec,relatime\n' +
      '│ └─/sys/fs/cgroup cgroup2 cgroup2  rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot\n' +
      '├─/run             tmpfs   tmpfs    rw,nosuid,nodev,size=1677724k,nr_inodes=819200,mode=755\n' +
      '└─/tmp             tmpfs   tmpfs    rw,nosuid,nodev,size=4194304k\n')
  })

  it('a mount point gives a list of its mounts; -n and -o pick what is shown; -t keeps those types', () => {
    expect(run('findmnt /tmp').stdout).toBe('TARGET SOURCE FSTYPE OPTIONS\n/tmp   tmpfs  tmpfs  rw,nosuid,nodev,size=4194304k\n')
    expect(run('findmnt -n -o TARGET,FSTYPE /run').stdout).toBe('/run tmpfs\n')
    expect(run('findmnt -l -n -o TARGET -t proc,sysfs,cgroup2').stdout).toBe('/proc\n/sys\n/sys/fs/cgroup\n')
  })

  it('nothing matching is status 1 and no output; an unknown column is an error', () => {
    const r = run('findmnt /nope; echo $?; findmnt -o BAD; echo $?')
    expect(r.stdout).toBe('1\n1\n')
    expect(r.stderr).toBe('findmnt: unknown column: BAD\n')
  })

  it('a mount made later joins the tree under its parent', () => {
    expect(run('mkdir /tmp/m; mount -t tmpfs -o size=1m none /tmp/m; findmnt -n -o TARGET,SOURCE -t tmpfs').stdout)
      .toBe('/          rootfs\n├─/dev/shm tmpfs\n├─/run     tmpfs\n└─/tmp     tmpfs\n  └─/tmp/m none\n')
  })
})
