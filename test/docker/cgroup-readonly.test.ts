// A container's /sys/fs/cgroup is its own cgroup (cgroupns private) mounted
// read-only: runc mounts cgroup2 with the container's mount flags, and Docker
// makes it "ro" unless --privileged (moby oci_linux.go WithMounts: the cgroup
// mount is read-only for an unprivileged container). mkdir(2) EROFS there is
// coreutils' "mkdir: cannot create directory '...': Read-only file system".
// On removal runc deletes the container's cgroup with every sub-cgroup below
// it (libcontainer cgroups.RemovePath), so nothing keeps it alive after docker rm.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script, { maxSteps: 50_000_000 })

describe("a container's /sys/fs/cgroup", () => {
  it('is read-only in a default container: mkdir fails with EROFS, no cgroup appears on the host', () => {
    const r = run('docker run --name box alpine mkdir /sys/fs/cgroup/x; echo $?; id=$(docker inspect -f "{{.Id}}" box); ls /sys/fs/cgroup/docker/$id | grep -c "^x$"')
    expect(r.stdout).toBe('1\n0\n')
    expect(r.stderr).toBe("mkdir: cannot create directory '/sys/fs/cgroup/x': Read-only file system\n")
  })

  it('a --privileged container may make sub-cgroups; docker rm removes them with the container cgroup', () => {
    const r = run('docker run -d --privileged --name box alpine sleep 1000 >/dev/null; id=$(docker inspect -f "{{.Id}}" box); ' +
      'docker exec box mkdir -p /sys/fs/cgroup/x/y; echo $?; ls -d /sys/fs/cgroup/docker/$id/x/y; ' +
      'docker rm -f box >/dev/null; ls /sys/fs/cgroup/docker | grep -c "$id"')
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^0\n\/sys\/fs\/cgroup\/docker\/[0-9a-f]{64}\/x\/y\n0\n$/)
  })
})
