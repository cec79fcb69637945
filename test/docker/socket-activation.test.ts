// dockerd is started by init when the first client connects to
// /run/docker.sock, as systemd's docker.socket starts docker.service (docker-ce's
// units: ListenStream=/run/docker.sock, SocketMode=0660, SocketGroup=docker,
// ExecStart=/usr/bin/dockerd -H fd://; containerd 1.7's LimitNOFILE=infinity).
// So the learner's shell never passes its limits or cgroup to the daemon.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('docker.socket activation', () => {
  it('init holds the socket from boot; no dockerd runs until a client connects', () => {
    const r = run('ls -l /run/docker.sock /var/run/docker.sock | cut -c1-10; ps -e -o comm= | grep -c dockerd; docker ps -q | wc -l; ps -o ppid=,args= -C dockerd')
    expect(r.stdout).toBe('srw-rw----\nsrw-rw----\n0\n0\n    1 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n')
  })
  it("the shell's ulimit -n does not reach containers: they get containerd's LimitNOFILE=infinity (fs.nr_open)", () => {
    const r = run('ulimit -n 64; docker run --rm alpine sh -c "ulimit -n; ulimit -Hn"; grep "open files" /proc/$(ps -o pid= -C dockerd | tr -d " ")/limits')
    expect(r.stdout).toBe('1048576\n1048576\nMax open files            1048576              1048576              files     \n')
  })
  it("dockerd does not join the cgroup of the shell that first ran docker", () => {
    const r = run('mkdir /sys/fs/cgroup/lab; echo $$ > /sys/fs/cgroup/lab/cgroup.procs; docker ps >/dev/null; cat /proc/$(ps -o pid= -C dockerd | tr -d " ")/cgroup')
    expect(r.stdout).toBe('0::/\n')
  })
  it('a user outside the docker group gets permission denied (unix(7): connect needs write permission)', () => {
    const r = run('setpriv --reuid=1000 --regid=1000 --clear-groups docker ps; echo $?; setpriv --reuid=1000 --regid=1000 --groups=999 docker ps -q; echo $?')
    expect(r.stderr).toBe('Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: ' +
      'Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json": dial unix /var/run/docker.sock: connect: permission denied\n')
    expect(r.stdout).toBe('1\n0\n')
  })
  it('a killed dockerd is started again by the next client', () => {
    const r = run('docker ps -q; kill -9 $(ps -o pid= -C dockerd); sleep 1; ps -e -o comm= | grep -c dockerd; docker ps -q | wc -l; ps -e -o comm= | grep -c dockerd')
    expect(r.stdout).toBe('0\n0\n1\n')
  })
})

describe('ps exit status', () => {
  it('a selection that matched is status 0 even with no header (ps -o pid= -C init); nothing matched is 1', () => {
    expect(run('ps -o pid= -C init; echo $?; ps -o pid= -C nosuch; echo $?').stdout).toBe('    1\n0\n1\n')
  })
})
