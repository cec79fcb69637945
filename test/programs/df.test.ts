// df(1) as GNU coreutils prints it (src/df.c: get_field_list, get_header,
// print_table, get_dev; gnulib mountlist.c ME_DUMMY) over statfs(2), and the
// tmpfs size= a student sees with df and mount (tmpfs(5)).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('df', () => {
  it('a tmpfs of size=10m: 1K blocks, Used and Available in whole pages, Use% rounded up, columns as print_table aligns them', () => {
    const r = run('mkdir /mnt/t; mount -t tmpfs -o size=10m tmpfs /mnt/t; head -c 3000000 /dev/zero > /mnt/t/x; df /mnt/t; df -h /mnt/t; df -i /mnt/t; df -T /mnt/t/x')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      'Filesystem     1K-blocks  Used Available Use% Mounted on\n' +
      'tmpfs              10240  2932      7308  29% /mnt/t\n' +
      'Filesystem      Size  Used Avail Use% Mounted on\n' +
      'tmpfs            10M  2.9M  7.2M  29% /mnt/t\n' +
      'Filesystem      Inodes IUsed   IFree IUse% Mounted on\n' +
      'tmpfs          1048576     2 1048574    1% /mnt/t\n' +
      'Filesystem     Type  1K-blocks  Used Available Use% Mounted on\n' +
      'tmpfs          tmpfs     10240  2932      7308  29% /mnt/t\n')
  })

  it('without operands: no pseudo filesystems (proc, sysfs, devpts) and none of 0 blocks (cgroup2); -a lists them with "-" for Use%', () => {
    const r = run('mount -t tmpfs -o size=1g scratch /mnt; df; df -a')
    const [plain, all] = r.stdout.split(/(?=Filesystem)/)
    expect(plain!.split('\n')[0]).toBe('Filesystem     1K-blocks  Used Available Use% Mounted on')
    expect(plain).toMatch(/^scratch +1048576 +0 +\d+ +0% \/mnt$/m)
    expect(plain).not.toMatch(/proc|sysfs|devpts|cgroup2/)
    expect(all).toMatch(/^proc +0 +0 +0 +- \/proc$/m)
    expect(all).toMatch(/^cgroup2 +0 +0 +0 +- \/sys\/fs\/cgroup$/m)
  })

  it('FILE operands: the filesystem each is on, pseudo or not; a missing one is an error and status 1', () => {
    const r = run('df /proc /nope; echo $?')
    expect(r.stdout).toBe('Filesystem     1K-blocks  Used Available Use% Mounted on\nproc                   0     0         0    - /proc\n1\n')
    expect(r.stderr).toBe('df: /nope: No such file or directory\n')
  })

  it('-t and -x select by type; nothing left is "no file systems processed"', () => {
    const r = run('df -t nosuchfs; echo $?; df -x tmpfs -t devtmpfs | cut -c1-4')
    expect(r.stderr).toBe('df: no file systems processed\n')
    expect(r.stdout).toBe('1\nFile\nudev\n')
  })

  it('the tmpfs size shows in mount and /proc/mounts when not the default (shmem_show_options); remount changes it', () => {
    const r = run('mount -t tmpfs -o size=10m,mode=700 tmpfs /mnt; mount -o remount,size=20m /mnt; grep /mnt /proc/mounts; mount | grep /mnt; df -h /mnt')
    expect(r.stdout).toBe(
      'tmpfs /mnt tmpfs rw,relatime,size=20480k,mode=700 0 0\n' +
      'tmpfs on /mnt type tmpfs (rw,relatime,size=20480k,mode=700)\n' +
      'Filesystem      Size  Used Avail Use% Mounted on\n' +
      'tmpfs            20M     0   20M   0% /mnt\n')
  })
})

describe('a container\'s /dev is a tmpfs of 64 MiB', () => {
  it('runc mounts it nosuid, strictatime, mode=755, size=65536k: /proc/mounts shows it as on Docker; a bigger write is ENOSPC', () => {
    const r = run(`docker run --rm alpine sh -c "grep ' /dev ' /proc/mounts; head -c 70M /dev/zero > /dev/big; echo \\$?"`)
    expect(r.stdout).toBe('tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0\n1\n')
    expect(r.stderr).toContain("head: error writing 'standard output': No space left on device\n")
  })
})

describe('a full tmpfs: ENOSPC reported as coreutils reports it (issue #15 part 3 item 6)', () => {
  it('head -c 100M /dev/zero > FILE after the filesystem is full: the error and status 1, not a silent 0-byte file', () => {
    const r = run('mount -t tmpfs -o size=2m tmpfs /mnt; head -c 3M /dev/zero > /mnt/a; echo $?; head -c 100M /dev/zero > /mnt/c; echo $?; ls -l /mnt/c')
    expect(r.stderr).toBe("head: error writing 'standard output': No space left on device\n".repeat(2))
    expect(r.stdout).toMatch(/^1\n1\n-rw-r--r-- 1 root root 0 /)
  })

  it('cat /dev/zero > FILE on a tmpfs ends with "cat: write error" and status 1; the file holds exactly size=', () => {
    const r = run('mount -t tmpfs -o size=1m tmpfs /mnt; cat /dev/zero > /mnt/z; echo $?; stat -c %s /mnt/z')
    expect(r.stderr).toBe('cat: write error: No space left on device\n')
    expect(r.stdout).toBe('1\n1048576\n')
  })
})
