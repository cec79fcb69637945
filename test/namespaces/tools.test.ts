// Golden tests: the namespace tools on a booted machine, against the man
// pages' EXAMPLES (unshare(1), ip-netns(8), namespaces(7), user_namespaces(7))
// and the messages util-linux and iproute2 print.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)
const outOf = (script: string) => run(script).stdout
/** As an unprivileged user (uid 1000), the way the man pages' "$" prompts run. */
const asUser = (script: string) => run(`setpriv --reuid 1000 --regid 1000 --clear-groups sh -c '${script}'`)

describe('unshare(1)', () => {
  it('EXAMPLES: unshare --fork --pid --mount-proc readlink /proc/self prints 1', () => {
    expect(outOf('unshare --fork --pid --mount-proc readlink /proc/self')).toBe('1\n')
  })

  it('EXAMPLES: unshare --user --map-root-user sh -c whoami; cat uid_map gid_map (uid 1000)', () => {
    const r = asUser('unshare --user --map-root-user sh -c "whoami; cat /proc/self/uid_map /proc/self/gid_map"')
    expect(r.stdout).toBe('root\n         0       1000          1\n         0       1000          1\n')
  })

  it('a hostname set inside unshare --uts is not seen outside (uts_namespaces(7))', () => {
    expect(outOf('unshare --uts sh -c "hostname FOO; hostname"; hostname')).toBe('FOO\nhost\n')
  })

  it('unprivileged: "unshare: unshare failed: Operation not permitted", exit 1; -Ur --uts works', () => {
    const r = asUser('unshare --uts hostname; echo $?; unshare -Ur --uts sh -c "hostname inner; hostname"; unshare -Ur sh -c "hostname inner"; echo $?')
    expect(r.stderr).toBe('unshare: unshare failed: Operation not permitted\nhostname: you must be root to change the host name\n')
    expect(r.stdout).toBe('1\ninner\n1\n')
  })

  it('unshare --user id shows the overflow ids (user_namespaces(7))', () => {
    expect(asUser('unshare --user id').stdout).toBe('uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n')
  })

  it('bad options print the usage hint, exit 1; a missing program exits 127', () => {
    const r = run('unshare --bogus; echo $?; unshare -u nosuchprog; echo $?')
    expect(r.stderr).toBe("unshare: unrecognized option '--bogus'\nTry 'unshare --help' for more information.\n" +
      'unshare: failed to execute nosuchprog: No such file or directory\n')
    expect(r.stdout).toBe('1\n127\n')
  })

  it('pid namespace: ps shows PID 1 with PPID 0; kill -9 1 from inside is ignored (pid_namespaces(7))', () => {
    const r = run('unshare -pf --mount-proc sh -c "ps -o pid,ppid,comm; kill -9 1; echo alive \\$?"')
    expect(r.stdout).toBe('    PID    PPID COMMAND\n      1       0 sh\n      2       1 ps\nalive 0\n')
  })

  it('without --mount-proc, $$ is 1 but /proc still shows the outer namespace (NSpid has two levels)', () => {
    const r = run('unshare -pf sh -c "echo \\$\\$; grep NSpid /proc/self/status"')
    expect(r.stdout).toMatch(/^1\nNSpid:\t\d+\t2\n$/)
  })

  it('--time --fork --boottime 86400 (unshare(1), time_namespaces(7))', () => {
    expect(outOf('unshare --time --fork --boottime 86400 cat /proc/self/timens_offsets')).toBe(
      'monotonic           0         0\nboottime        86400         0\n')
  })

  it('a new mount namespace: mounts inside stay inside', () => {
    const r = run('mkdir /m; unshare -m sh -c "mount -t tmpfs tmpfs /m; touch /m/x; ls /m"; ls /m; echo end')
    expect(r.stdout).toBe('x\nend\n')
  })
})

describe('/proc/PID/ns (namespaces(7))', () => {
  it('ls -l /proc/$$/ns shows the ten links with their initial inodes', () => {
    const r = outOf("ls -l /proc/$$/ns | awk '{print $1, $9, $10, $11}'")
    expect(r).toBe([
      'total   ',
      'lrwxrwxrwx cgroup -> cgroup:[4026531835]', 'lrwxrwxrwx ipc -> ipc:[4026531839]', 'lrwxrwxrwx mnt -> mnt:[4026531832]',
      'lrwxrwxrwx net -> net:[4026531833]', 'lrwxrwxrwx pid -> pid:[4026531836]', 'lrwxrwxrwx pid_for_children -> pid:[4026531836]',
      'lrwxrwxrwx time -> time:[4026531834]', 'lrwxrwxrwx time_for_children -> time:[4026531834]',
      'lrwxrwxrwx user -> user:[4026531837]', 'lrwxrwxrwx uts -> uts:[4026531838]',
    ].join('\n') + '\n')
  })

  it('the initial uid_map (user_namespaces(7))', () => {
    expect(outOf('cat /proc/$$/uid_map')).toBe('         0          0 4294967295\n')
  })
})

describe('nsenter(1) and lsns(8)', () => {
  it('nsenter -t PID -u enters the UTS namespace of a process', () => {
    const r = run('unshare -u sh -c "hostname inside; sleep 10" & sleep 1; P=$(ps -eo pid,comm | awk \'$2 == "sleep" {print $1}\'); nsenter -t $P -u hostname; hostname; kill %1')
    expect(r.stdout).toBe('inside\nhost\n')
  })

  it('nsenter: a missing process is "cannot open /proc/N/ns/uts: No such file or directory", exit 1', () => {
    const r = run('nsenter -t 99999 -u true; echo $?')
    expect(r.stderr).toBe('nsenter: cannot open /proc/99999/ns/uts: No such file or directory\n')
    expect(r.stdout).toBe('1\n')
  })

  it('lsns: default columns and the namespace list; unknown type is an error', () => {
    const r = run('lsns -t uts; lsns -t nope; echo $?')
    expect(r.stdout).toMatch(/^ {8}NS TYPE NPROCS PID USER COMMAND\n4026531838 uts +\d+ +1 root \/sbin\/init\n1\n$/)
    expect(r.stderr).toBe('lsns: unknown namespace type: nope\n')
  })
})

describe('ip(8) and ip-netns(8)', () => {
  it('unshare -n ip link: only lo, DOWN (network_namespaces(7))', () => {
    expect(outOf('unshare -n ip link')).toBe(
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n')
  })

  it('EXAMPLES: ip netns add vpn; ip netns exec vpn ip link set lo up; list; identify; errors', () => {
    const r = run('ip netns add vpn; ip netns list; ip netns exec vpn ip link set lo up; ip netns exec vpn ip -br link; ' +
      'ip netns add vpn; echo $?; ip netns identify; ip netns exec vpn ip netns identify; ip netns exec nope true; echo $?; ' +
      'ip netns del vpn; ip netns del vpn; echo $?')
    expect(r.stdout).toBe('vpn\nlo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n1\n\nvpn\n255\n1\n')
    expect(r.stderr).toBe('Cannot create namespace file "/run/netns/vpn": File exists\n' +
      'Cannot open network namespace "nope": No such file or directory\n' +
      'Cannot remove namespace file "/run/netns/vpn": No such file or directory\n')
  })

  it('a veth pair links two namespaces: ping and nc work across it, not to a namespace without a link', () => {
    const r = run('ip netns add a; ip netns add b; ip link add v0 type veth peer name v1; ip link set v1 netns a; ' +
      'ip addr add 10.0.0.1/24 dev v0; ip link set v0 up; ip netns exec a ip addr add 10.0.0.2/24 dev v1; ip netns exec a ip link set v1 up; ' +
      'ping -c 1 10.0.0.2 | head -2; ip netns exec b ping -c 1 10.0.0.2; echo $?; ' +
      'ip netns exec a nc -l 80 & sleep 1; echo hi | nc 10.0.0.2 80; wait')
    expect(r.stdout).toBe('PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.062 ms\n2\nhi\n')
    expect(r.stderr).toBe('ping: connect: Network is unreachable\n')
  })

  it('ip link set DEV master BRIDGE / nomaster (ip-link(8)): the port joins and leaves the bridge; a veth moved to another namespace leaves its bridge', () => {
    const masters = (dev: string) => `ip -o link show ${dev} | grep -o "master [a-z0-9]*" || echo none`
    const r = run('ip link add v0 type veth peer name v1; ip link add br0 type bridge; ip link set v0 master br0; ip link set v1 master br0; ' +
      `${masters('v0')}; ${masters('v1')}; ip link set v0 nomaster; ${masters('v0')}; ${masters('v1')}; ` +
      `ip netns add a; ip link set v1 netns a; ip netns exec a sh -c '${masters('v1')}'`)
    expect(r.stdout).toBe('master br0\nmaster br0\nnone\nmaster br0\nnone\n')
  })

  it('two network namespaces may both listen on port 80', () => {
    const r = run('unshare -n sh -c "ip link set lo up; nc -l 80 & sleep 1; echo one | nc 127.0.0.1 80; wait" & ' +
      'unshare -n sh -c "ip link set lo up; nc -l 80 & sleep 1; echo two | nc 127.0.0.1 80; wait"; wait')
    expect(r.stdout.split('\n').sort().join(' ')).toBe(' one two')
    expect(r.stderr).toBe('')
  })
})

describe('ipcmk/ipcs (ipc_namespaces(7))', () => {
  it('a queue made outside is not listed in a new IPC namespace', () => {
    const r = run('ipcmk -Q; ipcs -q | tail -n +4 | cut -c12-; unshare -i ipcs -q')
    expect(r.stdout).toBe('Message queue id: 0\n0          root       644        0            0           \n\n' +
      '\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n\n')
  })
})

describe('cgroup namespaces (cgroup_namespaces(7))', () => {
  it('the creator\'s cgroup becomes "/"; paths outside climb with "/.."; moves below show relative paths', () => {
    const r = run('mkdir -p /sys/fs/cgroup/batchjobs/c1; echo $$ > /sys/fs/cgroup/batchjobs/c1/cgroup.procs; cat /proc/self/cgroup; ' +
      'unshare -C sh -c "cat /proc/self/cgroup; cat /proc/1/cgroup; mkdir /sys/fs/cgroup/batchjobs/c1/sub; echo \\$\\$ > /sys/fs/cgroup/batchjobs/c1/sub/cgroup.procs; cat /proc/self/cgroup"')
    expect(r.stdout).toBe('0::/batchjobs/c1\n0::/\n0::/../..\n0::/sub\n')
  })
})

describe('mount(8)', () => {
  it('lists mounts from mountinfo; an unprivileged mount fails', () => {
    expect(outOf('mount -t proc')).toBe('proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\n')
    const r = asUser('mkdir -p /tmp/m; mount -t tmpfs tmpfs /tmp/m; echo $?')
    expect(r.stderr).toBe('mount: only root can do that.\n')
    expect(r.stdout).toBe('32\n')
  })
})
