// runc's CloseExecFrom (libcontainer/utils/utils_unix.go, runc 1.2): one
// close_range(minFd, MaxInt32, CLOSE_RANGE_CLOEXEC) marks every inherited fd
// above stdio close-on-exec; when the kernel refuses it (ENOSYS before Linux
// 5.9, EINVAL for the flag before 5.11) runc lists /proc/self/fd and sets
// FD_CLOEXEC on each. Either way the container's process starts with 0, 1, 2.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const FDS = 'docker pull alpine >/dev/null; docker run --rm alpine ls /proc/self/fd; docker run -d --name ff alpine sleep 9 >/dev/null; docker exec ff ls /proc/self/fd'
const TRACE = 'docker pull alpine >/dev/null; D=$(ps -e | grep dockerd | { read a b; echo $a; }); ' +
  'strace -f -o /tmp/tr -e trace=close_range,fcntl -p $D & sleep 1; docker run --rm alpine true; sleep 1; kill -INT %1; wait; cat /tmp/tr'

describe('runc init closes inherited fds on exec (CloseExecFrom)', () => {
  for (const kernel of ['6.8.0-isolab', '5.10.0', '5.4.0']) {
    it(`kernel ${kernel}: the container's process (run and exec) has fds 0, 1, 2 only (3 is ls's own handle)`, () => {
      const r = new Machine({ versions: { kernel } }).runScript(FDS, { maxSteps: 50_000_000 })
      expect(r.stdout).toBe('0\n1\n2\n3\n0\n1\n2\n3\n')
    })
  }

  it('a 5.11+ kernel: one close_range(3, 2147483647, CLOSE_RANGE_CLOEXEC), no fcntl(F_SETFD) per fd', () => {
    const r = new Machine().runScript(TRACE, { maxSteps: 50_000_000 })
    expect(r.stdout).toMatch(/close_range\(3, 2147483647, CLOSE_RANGE_CLOEXEC\) += 0\n/)
    expect(r.stdout).not.toMatch(/F_SETFD, FD_CLOEXEC/)
  })

  it('a 5.10 kernel refuses CLOSE_RANGE_CLOEXEC (EINVAL): runc falls back to an fcntl(F_SETFD, FD_CLOEXEC) per listed fd', () => {
    const r = new Machine({ versions: { kernel: '5.10.0' } }).runScript(TRACE, { maxSteps: 50_000_000 })
    expect(r.stdout).toMatch(/close_range\(3, 2147483647, CLOSE_RANGE_CLOEXEC\) += -1 EINVAL \(Invalid argument\)\n/)
    expect(r.stdout).toMatch(/fcntl\(\d+, F_SETFD, FD_CLOEXEC\) += 0\n/)
  })
})
