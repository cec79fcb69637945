// init mounts what systemd 252 mounts before any unit runs: /dev/shm and /run (src/shared/mount-setup.c:
// "mode=1777" and "mode=0755" TMPFS_LIMITS_RUN = ",size=20%,nr_inodes=800k", MS_NOSUID|MS_NODEV|MS_STRICTATIME)
// and /tmp (units/tmp.mount: Options=mode=1777,strictatime,nosuid,nodev,size=50%,nr_inodes=1m), as tmpfs.
import { describe, expect, it } from 'vitest'
import { Machine } from './machine.ts'

describe('init: the tmpfs mounts of a systemd host', () => {
  it('/dev/shm, /run and /tmp are tmpfs, nosuid,nodev, with systemd\'s sizes (/run: 20% of RAM, 800k inodes)', () => {
    const r = new Machine().runScript('grep -E " (/dev/shm|/run|/tmp) " /proc/mounts; stat -c "%A %n" /dev/shm /run /tmp')
    // 8 GiB of RAM: /run's size=20% is 1677724k (rounded up to pages), nr_inodes=800k is 819200.
    expect(r.stdout).toBe(
      'tmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n' +
      'tmpfs /run tmpfs rw,nosuid,nodev,size=1677724k,nr_inodes=819200,mode=755 0 0\n' +
      'tmpfs /tmp tmpfs rw,nosuid,nodev,size=4194304k 0 0\n' +
      'drwxrwxrwt /dev/shm\ndrwxr-xr-x /run\ndrwxrwxrwt /tmp\n')
  })

  it('df and mount list them; a file in /tmp is memory (Shmem), not the root filesystem\'s', () => {
    const r = new Machine().runScript('df /tmp /run /dev/shm | tail -n +2 | cut -c1-15; mount | grep -c "^tmpfs on /\\(tmp\\|run\\|dev/shm\\) type tmpfs (rw,nosuid,nodev"; ' +
      'a=$(grep Shmem: /proc/meminfo | tr -s " " | cut -d" " -f2); head -c 1048576 /dev/zero > /tmp/f; b=$(grep Shmem: /proc/meminfo | tr -s " " | cut -d" " -f2); echo $((b - a))')
    expect(r.stdout).toBe('tmpfs          \ntmpfs          \ntmpfs          \n3\n1024\n')
  })

  it('/run holds docker.sock (init binds it after mounting /run), /var/run leads there', () => {
    const r = new Machine().runScript('ls /run; ls /var/run/')
    expect(r.stdout).toBe('docker.sock\ndocker.sock\n')
  })
})
