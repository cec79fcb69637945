// Property (fast-check): with default docker run settings, any sequence of
// system calls made from inside container A (files, processes, signals,
// hostname, mounts, namespaces, network links, ports, limits, /proc/sys and
// cgroup writes) changes nothing that container B or the host can observe.
// Shared global limits (fs.file-max, the pid space) are the documented
// exception: these operations stay below them.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

// Each op is a shell line run by `docker exec aa sh -c` as root in A; failures are expected and ignored.
// (Output goes to /dev/null inside A, so background jobs do not hold docker exec's pipes open.)
const OPS = [
  'echo pwned > /etc/hostname', 'echo x > /tmp/x', 'rm -f /etc/passwd', 'rm -f /bin/ls', 'mkdir -p /root/d/e',
  'hostname evil', 'kill -9 1', 'kill -9 2', 'kill -9 5', 'kill -9 -1', 'sleep 1000 &', 'sleep 1000 & sleep 1000 &',
  'mount -t tmpfs tmpfs /mnt', 'umount /proc', 'unshare -n true', 'unshare -U -r true', 'ip link set lo down',
  'ip link set eth0 down', 'ip link add v0 type veth peer name v1', 'nc -l -p 8080 &', 'nc -l -p 80 &',
  'ulimit -n 10', 'ulimit -u 5', 'echo 100 > /proc/sys/fs/file-max', 'echo evil > /proc/sys/kernel/hostname',
  'echo 1 > /sys/fs/cgroup/cgroup.procs', 'mkdir /sys/fs/cgroup/x', 'chroot / true', 'mknod /tmp/null c 1 3',
  'ln -s /etc /tmp/etc', 'echo 0 > /proc/sys/kernel/pid_max', 'touch /var/lib/docker/x', 'cat /dev/zero >/dev/null & kill $!',
]

// What B and the host can see: names, files, processes outside any container, links, limits.
const OBSERVE = [
  'echo "== host"; hostname; cat /etc/hostname; ls / /etc /tmp /root /mnt; wc -c < /etc/passwd',
  'cat /proc/sys/fs/file-max /proc/sys/kernel/pid_max; ulimit -n',
  'ip link | grep -c "^[0-9]"; ip link show lo | head -1 | cut -d" " -f3',
  'for p in $(ls /proc | grep "^[0-9]"); do grep -q docker /proc/$p/cgroup 2>/dev/null || cat /proc/$p/comm 2>/dev/null; done | sort | uniq -c',
  'echo "== B"; docker exec bb sh -c "hostname; cat /etc/hostname; ls / /etc /tmp /root /mnt /bin | wc -l; wc -c < /etc/passwd; ps -o comm | sort | uniq -c; ulimit -n; ip link | grep -c UP"',
].join('; ')

test.prop([fc.array(fc.constantFrom(...OPS), { minLength: 1, maxLength: 6 })], { numRuns: 12, seed: 5 })(
  'container A cannot change what B or the host observe (namespaces, caps, seccomp, AppArmor)',
  (ops) => {
    const m = new Machine()
    const setup = 'docker pull alpine >/dev/null; docker run -d --name aa alpine sleep 100000 >/dev/null; docker run -d --name bb alpine sleep 100000 >/dev/null; '
    const quoted = ops.join('; ').replace(/'/g, `'\\''`)
    const r = m.runScript(`${setup} ${OBSERVE}; echo "== A"; docker exec aa sh -c '{ ${quoted}; } >/dev/null 2>&1 </dev/null' >/dev/null 2>&1; echo "== after"; ${OBSERVE}`, { maxSteps: 50_000_000 })
    const [before, after] = r.stdout.split('== A\n== after\n')
    expect(before).toContain('== B')
    expect(after).toBe(before)
  },
)

// The observation does see a breach when isolation is weakened: --privileged lifts caps, seccomp and AppArmor.
test('the same observation catches a --privileged container changing the host (fs.file-max, hostname)', () => {
  const m = new Machine()
  const r = m.runScript('docker pull alpine >/dev/null; docker run --rm --privileged alpine sh -c "echo 100 > /proc/sys/fs/file-max"; cat /proc/sys/fs/file-max; ' +
    'docker run --rm alpine sh -c "echo 100 > /proc/sys/fs/file-max"; echo $?', { maxSteps: 50_000_000 })
  expect(r.stdout).toBe('100\n1\n')
})
