// Issue #15 part 3 item 6: every program reports a failed write as its GNU
// original does, instead of losing data silently. coreutils programs run
// gnulib's close_stdout at exit ("PROG: write error: REASON", status 1; grep's
// exit_failure is 2); GNU sed's ck_fflush panics with EXIT_PANIC (4).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('write errors on a full device (/dev/full: ENOSPC)', () => {
  it.each([
    ['seq 10', 'seq: write error: No space left on device\n', 1],
    ['tr a b <<< a', 'tr: write error: No space left on device\n', 1],
    // sort.c: what stays buffered fails in xfclose's fflush: sort_die ("fflush failed"), SORT_FAILURE (2)
    ['sort <<< a', "sort: fflush failed: 'standard output': No space left on device\n", 2],
    ['seq 5000 | sort', "sort: write failed: 'standard output': No space left on device\n", 2],
    ['cut -c1 <<< a', 'cut: write error: No space left on device\n', 1],
    ['uniq <<< a', 'uniq: write error: No space left on device\n', 1],
    ['wc -c <<< a', 'wc: write error: No space left on device\n', 1],
    ['od -c <<< a', 'od: write error: No space left on device\n', 1],
    ['base64 <<< a', 'base64: write error: No space left on device\n', 1],
    ['ls /', 'ls: write error: No space left on device\n', 2], // ls.c: initialize_exit_failure (LS_FAILURE)
    ['ls / /nonexistent', "ls: cannot access '/nonexistent': No such file or directory\nls: write error: No space left on device\n", 2],
    ['grep a <<< a', 'grep: write error: No space left on device\n', 2],
    ['sed p <<< a', "sed: couldn't flush stdout: No space left on device\n", 4],
    // the programs that print with libc out(): close_stdout at exit (coreutils, procps, util-linux)
    ['/bin/echo hi', '/bin/echo: write error: No space left on device\n', 1],
    ['stat -c %s /', 'stat: write error: No space left on device\n', 1],
    ['id', 'id: write error: No space left on device\n', 1],
    ['uname', 'uname: write error: No space left on device\n', 1],
    ['free', 'free: write error: No space left on device\n', 1],
    ['ps', 'ps: write error: No space left on device\n', 1],
    ['df', 'df: write error: No space left on device\n', 1],
    ['mount', 'mount: write error: No space left on device\n', 1],
    // their own texts: tail and head (error writing 'standard output'), tee and yes (error(0, errno, name))
    ['tail -n1 /etc/hostname', "tail: error writing 'standard output': No space left on device\n", 1],
    ['tee <<< a', "tee: 'standard output': No space left on device\n", 1],
    ['yes', 'yes: standard output: No space left on device\n', 1],
    // gawk: a failed flush at exit is close_io's warning (status 1); a failed print while running is fatal (2)
    ['awk 1 <<< a', 'awk: warning: error writing standard output (No space left on device)\n', 1],
    ['seq 5000 | awk \'{printf "%s\\n", $0}\'', 'awk: fatal: printf to "standard output" failed (No space left on device)\n', 2],
  ])('%s > /dev/full', (cmd, stderr, status) => {
    const r = run(`${cmd} > /dev/full; echo $?`)
    expect(r.stderr).toBe(stderr)
    expect(r.stdout).toBe(`${status}\n`)
  })
  it('awk print > FILE on a full device is fatal: print to "FILE" failed (gawk wrerror)', () => {
    const r = run(`awk 'BEGIN { print 1 > "/dev/full" }'; echo $?`)
    expect(r.stderr).toBe('awk: fatal: print to "/dev/full" failed (No space left on device)\n')
    expect(r.stdout).toBe('2\n')
  })
  it('with SIGPIPE ignored, procps and util-linux say nothing of EPIPE; gnulib close_stdout (seq) reports it', () => {
    const r = run("trap '' PIPE; ps aux | true; free | true; seq 100000 | true")
    expect(r.stderr).toBe('seq: write error: Broken pipe\n')
  })
  it('output that fits is unchanged', () => {
    expect(run('seq 3 | sort -r | uniq | tr 1 x | cut -c1 | wc -l').stdout).toBe('3\n')
  })
})

describe('write errors: the tools that do not run close_stdout behave as theirs do', () => {
  // util-linux registers close_stdout_atexit() (include/closestream.h): "write error", status 1.
  it.each([
    ['unshare --help', 'unshare: write error: No space left on device\n', 1],
    ['nsenter --help', 'nsenter: write error: No space left on device\n', 1],
    // debianutils which is a dash script: the printf builtin's "I/O error" (evalbltin), line 2 of puts(), and set -e
    ['which ls', '/usr/bin/which: 2: printf: I/O error\n', 1],
    // iproute2 prints with stdio and never checks stdout (ip/ip.c returns do_cmd()'s status, misc/ss.c returns 0):
    // glibc's flush at exit fails silently, so the status stays 0 and nothing is said.
    ['ip link', '', 0],
    ['ip -o addr', '', 0],
    ['ip route', '', 0],
    ['ss -a', '', 0],
    ['ss -s', '', 0],
  ])('%s > /dev/full', (cmd, stderr, status) => {
    const r = run(`${cmd} > /dev/full; echo $?`)
    expect(r.stderr).toBe(stderr)
    expect(r.stdout).toBe(`${status}\n`)
  })

  // systemd-analyze (systemd 252 to 256): verb_blame() returns table_print()'s error (fflush_and_check, -ENOSPC) without
  // logging it, so the status is 1 and nothing is said; verb_time() puts() its text and returns 0.
  it('systemd-analyze in a guest: blame exits 1 silently, time exits 0 (puts() is not checked)', () => {
    const r = new Machine().runScript("vm create a --image ubuntu --memory 512M; vm start -q a; vm exec a -- 'systemd-analyze blame > /dev/full; echo blame=$?; systemd-analyze > /dev/full; echo time=$?'", { maxSteps: 50_000_000 })
    expect(r.stdout).toContain('blame=1\ntime=0\n')
    expect(r.stderr).toBe('')
  })
})

describe("write errors: every program is under one close_stdout, its tool's own convention (src/programs/lib/closeout.ts)", () => {
  const table: [string, string, number][] = [
    // isolab's own commands and the coreutils ones: gnulib lib/closeout.c, error (0, errno, "write error"), status 1
    ['help', 'help: write error: No space left on device\n', 1],
    ['man ls', 'man: write error: No space left on device\n', 1],
    ['vm list', 'vm: write error: No space left on device\n', 1],
    ['virsh list', 'virsh: write error: No space left on device\n', 1],
    ['cgls', 'cgls: write error: No space left on device\n', 1],
    ['mkdir --help', 'mkdir: write error: No space left on device\n', 1],
    // initialize_exit_failure: EXIT_CANCELED (125) in chroot.c and env.c, TTY_WRITE_ERROR (3) in tty.c, LS_FAILURE (2)
    ['chroot --help', 'chroot: write error: No space left on device\n', 125],
    ['env', 'env: write error: No space left on device\n', 125],
    ['tty', 'tty: write error: No space left on device\n', 3],
    ['ls --help', 'ls: write error: No space left on device\n', 2],
    // util-linux (include/closestream.h, close_stdout_atexit() in lsns.c, ipcs.c, setpriv.c, pivot_root.c, umount.c)
    ['lsns', 'lsns: write error: No space left on device\n', 1],
    ['ipcs', 'ipcs: write error: No space left on device\n', 1],
    ['setpriv -d', 'setpriv: write error: No space left on device\n', 1],
    ['umount --help', 'umount: write error: No space left on device\n', 1],
    // procps-ng top.c before(): atexit(close_stdout); iputils ping.c: atexit(close_stdout)
    ['top -b -n1', 'top: write error: No space left on device\n', 1],
    ['ping -c1 127.0.0.1', 'ping: write error: No space left on device\n', 1],
    // procps-ng kill.c, libcap's capsh.c and getpcaps.c, AppArmor's aa_status.c and aa_exec.c register no
    // close_stdout and never look at ferror (stdout): stdio's flush at exit fails unseen
    ['/bin/kill -l', '', 0],
    ['capsh --print', '', 0],
    ['getpcaps 1', '', 0],
    ['aa-status', '', 0],
    ['aa-exec --help', '', 0],
  ]
  it.each(table)('%s > /dev/full', (cmd, stderr, status) => {
    const r = run(`${cmd} > /dev/full; echo $?`)
    expect(r.stderr).toBe(stderr)
    expect(r.stdout).toBe(`${status}\n`)
  })
  it('with SIGPIPE ignored, a closed pipe is no error for procps top and iputils ping (closestream: !(errno == EPIPE)), but is for coreutils', () => {
    // the writer starts once the reader is gone: its write(2) fails with EPIPE, and SIGPIPE is ignored
    const r = run("trap '' PIPE; (sleep 1; top -b -n1) | true; (sleep 1; ping -c1 127.0.0.1) | true; (sleep 1; mkdir --help) | true")
    expect(r.stderr).toBe('mkdir: write error: Broken pipe\n')
  })
  it('netcat-openbsd drops what it cannot write to stdout (drainbuf: the fd leaves the poll set) and exits 0', () => {
    const r = run('nc -l 8080 > /dev/full & sleep 1; echo hi | nc -N 127.0.0.1 8080; wait $!; echo "st=$?"')
    expect(r).toMatchObject({ stdout: 'st=0\n', stderr: '' })
  })
  it('the Docker CLI (Go: fmt.Fprintln, its error ignored) says nothing and exits 0', () => {
    const r = run('docker ps > /dev/full; echo $?')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('0\n')
  })
})

// bash's builtins print through stdio. Those that call sh_chkwrite (builtins/common.c) before they return say
// "bash: NAME: write error: REASON" and return 1: echo, printf, pwd, cd, type, set, declare, export, trap, umask,
// ulimit, hash (its listing), shopt. After any builtin, execute_builtin_or_function fflushes, fpurges and clears
// stdout's error: jobs, fg, bg, kill -l, command -v and hash -t (no sh_chkwrite) say nothing and keep their status.
describe("write errors: bash's builtins, as sh_chkwrite has them", () => {
  it.each([
    ['echo x', 'echo'], ['printf x', 'printf'], ['pwd', 'pwd'], ['type ls', 'type'], ['type ls cat', 'type'], ['set -o', 'set'],
    ['export -p', 'export'], ['umask', 'umask'], ['ulimit -n', 'ulimit'], ['ls >/dev/null; hash', 'hash'], ['shopt', 'shopt'],
  ])('%s > /dev/full: bash: line 1: NAME: write error, status 1', (cmd, name) => {
    const r = run(`${cmd} > /dev/full; echo $?`)
    expect(r.stderr).toBe(`bash: line 1: ${name}: write error: No space left on device\n`)
    expect(r.stdout).toBe('1\n')
  })
  it.each(['kill -l', 'kill -l 9', 'command -v ls', 'command -V ls', 'ls >/dev/null; hash -t ls', 'sleep 5 & jobs'])('%s > /dev/full: nothing said, status 0', (cmd) => {
    const r = run(`${cmd} > /dev/full; echo $?`)
    expect(r).toMatchObject({ stdout: '0\n', stderr: '' })
  })
})

describe('a fuzz finding: export/declare/local/readonly values live on the shell heap', () => {
  it('declare y=<4 MB> grows VmData by its size, as y=<4 MB> does (bash allocates both with xmalloc)', () => {
    const vm = 'vm(){ while read k v u; do [ "$k" = VmData: ] && echo $v; done < /proc/$$/status; }; '
    const r = run(vm + 'a=$(vm); declare y="$(printf "%*s" 4000000 "")"; b=$(vm); echo $(( b - a ))')
    expect(Number(r.stdout)).toBeGreaterThanOrEqual(3900)
  })
})
