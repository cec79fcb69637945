// /proc/PID/root and /proc/PID/cwd are magic links (proc(5)): following them
// continues the walk in the task's own root and mount namespace, so the host
// reaches a container's files through /proc/<its pid>/root, and a container's
// /proc/1/root is its own root, never the host's /.
import { beforeAll, describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

// One script: between runScript calls idle virtual time runs ahead and the container's sleep would end.
const SCRIPT = `
docker run -d --name victim -w /srv alpine sh -c 'echo s3cret > /secret; echo here > /srv/f; sleep 1000' >/dev/null 2>&1; sleep 1
p=$(docker inspect -f '{{.State.Pid}}' victim)
echo '## read'; cat /proc/$p/root/secret; ls /proc/$p/root/ | grep -c secret; head -1 /proc/$p/root/etc/os-release
echo '## cwd'; cat /proc/$p/cwd/f; readlink /proc/$p/cwd
echo '## write'; echo planted > /proc/$p/root/tmp/p; mkdir /proc/$p/root/tmp/d; docker exec victim sh -c 'cat /tmp/p; ls -d /tmp/d'
rm /proc/$p/root/tmp/p; docker exec victim ls /tmp; ls /tmp/p /tmp/d /secret 2>&1 | grep -c 'No such file'
echo '## inside'; docker exec victim sh -c 'cat /proc/1/root/secret; ls /proc/1/root/etc/hostname'; docker run --rm alpine cat /proc/1/root/secret 2>&1
echo '## user'; setpriv --reuid=1000 --regid=1000 --clear-groups cat /proc/$p/root/secret 2>&1
`

describe('/proc/PID/root and /proc/PID/cwd', () => {
  const part: Record<string, string> = {}
  beforeAll(() => {
    const out = new Machine().runScript(SCRIPT).stdout
    for (const chunk of out.split('## ').slice(1)) {
      const nl = chunk.indexOf('\n')
      part[chunk.slice(0, nl)] = chunk.slice(nl + 1)
    }
  })

  it('the host reads and lists a container\'s root through /proc/PID/root', () => {
    expect(part.read).toBe('s3cret\n1\nNAME="Alpine Linux"\n')
  })
  it('/proc/PID/cwd is the task\'s working directory in its own namespace', () => {
    expect(part.cwd).toBe('here\n/srv\n')
  })
  it('writes through /proc/PID/root land in the container (its overlay upper layer), not the host', () => {
    expect(part.write).toBe('planted\n/tmp/d\nd\n3\n')
  })
  it('inside a container /proc/1/root is the container\'s own root, not the host\'s', () => {
    expect(part.inside).toBe('s3cret\n/proc/1/root/etc/hostname\ncat: /proc/1/root/secret: No such file or directory\n')
  })
  it('following the link needs ptrace read access (proc_fd_access_allowed): a user cannot enter root\'s task', () => {
    expect(part.user).toMatch(/^cat: \/proc\/\d+\/root\/secret: Permission denied\n$/)
  })
})
