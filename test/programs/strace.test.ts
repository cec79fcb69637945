// strace(1): the trace format of strace 6.1 (Debian 12) — "name(args) = result" with the
// result at column 40 (-a 40), errors as "-1 ENOENT (No such file or directory)", "+++ exited
// with N +++", the -c table of strace's count.c, -e trace= sets, -f with "[pid N]" and
// <unfinished ...>/<... resumed>, -p with ptrace(2)'s EPERM, -o FILE — over isolab's kernel
// (kernel/task/ptrace.ts).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('strace', () => {
  it('prints each call with its decoded arguments, the result at column 40, and the exit', () => {
    const r = run('strace hostname')
    expect(r.stdout).toBe('host\n')
    expect(r.stderr).toMatch(/^execve\("\/bin\/hostname", \["hostname"\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = 0\n/)
    expect(r.stderr.split('\n').slice(1).join('\n')).toBe(
      'uname({sysname="Linux", nodename="host", ...}) = 0\n' +
      'write(1, "host\\n", 5)                   = 5\n' +
      'exit_group(0)                           = ?\n' +
      '+++ exited with 0 +++\n')
  })

  it('shows a failing call as -1 ERRNO (strerror) and exits with the command\'s status; glibc\'s open() is openat(2)', () => {
    const r = run('strace -e trace=openat cat /nope; echo "st=$?"')
    // The tracee stops after each call, so the trace line comes before cat's message, as on Linux.
    expect(r.stderr).toBe('openat(AT_FDCWD, "/nope", O_RDONLY)     = -1 ENOENT (No such file or directory)\n' +
      'cat: /nope: No such file or directory\n+++ exited with 1 +++\n')
    expect(r.stdout).toBe('st=1\n')
  })

  it('-e trace= takes names and classes (%process, %network), and refuses an unknown name', () => {
    const r = run('strace -e trace=%process,sethostname unshare --uts hostname FOO')
    expect(r.stderr).toContain('execve("/usr/bin/unshare", ["unshare", "--uts", "hostname", "FOO"]')
    expect(r.stderr).toContain('sethostname("FOO", 3)                   = 0\n')
    expect(r.stderr).not.toContain('unshare(')
    expect(run('strace -e trace=unshare unshare --uts true').stderr).toBe('unshare(CLONE_NEWUTS)                   = 0\n+++ exited with 0 +++\n')
    const bad = run('strace -e trace=nope true; echo $?')
    expect(bad.stderr).toBe("strace: invalid system call 'nope'\nTry 'strace -h' for more information.\n")
    expect(bad.stdout).toBe('1\n')
  })

  it('-c prints count.c\'s table: % time, seconds, usecs/call, calls, errors, syscall, and a total', () => {
    const r = run('strace -c cat /etc/hostname /nope >/dev/null')
    const lines = r.stderr.split('\n')
    expect(lines).toContain('% time     seconds  usecs/call     calls    errors syscall')
    expect(lines).toContain('------ ----------- ----------- --------- --------- ----------------')
    expect(r.stderr).toMatch(/\n *\d+\.\d\d +\d+\.\d{6} +\d+ +2 +1 openat\n/)
    expect(r.stderr).toMatch(/\n100\.00 +\d+\.\d{6} +\d+ +\d+ +1 total\n$/)
    expect(r.stderr).not.toContain('+++ exited')
  })

  it('-f follows forks: "[pid N]" prefixes, a sleeping wait4 split into <unfinished ...> and <... wait4 resumed>', () => {
    const r = run('strace -f -e trace=%process sh -c "hostname; true"')
    expect(r.stderr).toMatch(/strace: Process (\d+) attached\n\[pid +\d+\] clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, child_tidptr=0x[0-9a-f]+\) = \1\n/)
    expect(r.stderr).toMatch(/\[pid +\d+\] wait4\((\d+), {2}<unfinished \.\.\.>\n/)
    expect(r.stderr).toMatch(/\[pid +\d+\] \+\+\+ exited with 0 \+\+\+\n<\.\.\. wait4 resumed>\[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 0\}\], 0, NULL\) = \d+\n/)
  })

  it('-o FILE writes the trace there (with -f each line starts with the pid)', () => {
    const r = run('strace -f -o /tmp/tr -e trace=write echo hi; cat /tmp/tr')
    expect(r.stdout).toMatch(/^hi\n\d+ +write\(1, "hi\\n", 3\) += 3\n\d+ +\+\+\+ exited with 0 \+\+\+\n$/)
  })

  it('-p attaches as ptrace(2) allows: EPERM for another user\'s process and under Yama ptrace_scope 3', () => {
    const user = run('setpriv --reuid=1000 --regid=1000 --clear-groups strace -p 1; echo $?')
    expect(user.stderr).toBe('strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted\n')
    expect(user.stdout).toBe('1\n')
    const yama = run('echo 3 > /proc/sys/kernel/yama/ptrace_scope; strace true; strace -p 1')
    expect(yama.stderr).toBe('strace: ptrace(PTRACE_TRACEME, ...): Operation not permitted\nstrace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted\n')
    const noPid = run('strace -p 99999')
    expect(noPid.stderr).toBe('strace: attach: ptrace(PTRACE_SEIZE, 99999): No such process\n')
  })

  it('on an exploit: the calls it makes (CVE-2022-0185: a user namespace, then fsopen and fsconfig)', () => {
    const r = run('strace -e trace=unshare,fsopen exploit CVE-2022-0185 >/dev/null')
    expect(r.stderr).toContain('unshare(CLONE_NEWUSER)                  = 0\nunshare(CLONE_NEWNS)                    = 0\nfsopen("ext2", 0)                       = 3\n')
  })

  it('strace -f docker run shows the client only (a socket to dockerd); -p on dockerd shows runc making the container and seccomp\'s EPERM', () => {
    const client = run('docker pull debian >/dev/null 2>&1; strace -f -e trace=%process,%network docker run --rm debian true')
    expect(client.stderr).toMatch(/connect\(3, \{sa_family=AF_UNIX, sun_path="\/var\/run\/docker\.sock"\}, 110\) = 0/)
    expect(client.stderr).not.toContain('CLONE_NEWNS')
    const daemon = run('docker pull debian >/dev/null 2>&1; D=$(ps -e | grep dockerd | { read a b; echo $a; }); ' +
      'strace -f -o /tmp/tr -p $D & sleep 1; docker run --rm debian unshare -u true; sleep 1; kill -INT %1; wait; cat /tmp/tr')
    expect(daemon.stdout).toMatch(/clone\(child_stack=NULL, flags=CLONE_NEWNS\|CLONE_NEWUTS\|CLONE_NEWIPC\|CLONE_NEWPID\|CLONE_NEWNET\|SIGCHLD\) = \d+\n/)
    expect(daemon.stdout).toMatch(/pivot_root\(/)
    expect(daemon.stdout).toMatch(/seccomp\(SECCOMP_SET_MODE_FILTER, 0, \{len=\d+, filter=0x[0-9a-f]+\}\) = 0\n/)
    expect(daemon.stdout).toMatch(/unshare\(CLONE_NEWUTS\) += -1 EPERM \(Operation not permitted\)\n/)
    expect(daemon.stderr).toMatch(/strace: Process \d+ attached\n(.|\n)*strace: Process \d+ detached\n/)
  })

  // strace(1) "Signals": a signal is "--- SIGNAME {siginfo} ---", printed as the kernel delivers it, on the
  // tracee's way back to user mode (after the call that returned); print_stopped() and printsiginfo() fields.
  it('prints signal delivery with its siginfo: SIGCHLD after the wait4 that reaped the child (CLD_EXITED, CLD_KILLED), SIGTERM from kill(2) as SI_USER', () => {
    const r = run('strace -f -e trace=wait4 sh -c "hostname >/dev/null; sleep 9 & kill -9 \\$!; wait"')
    expect(r.stderr).toMatch(/<\.\.\. wait4 resumed>\[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 0\}\], 0, NULL\) = (\d+)\n--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=\1, si_uid=0, si_status=0, si_utime=0, si_stime=0\} ---\n/)
    expect(r.stderr).toMatch(/\[pid +(\d+)\] \+\+\+ killed by SIGKILL \+\+\+\n--- SIGCHLD \{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=\1, si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0\} ---\n/)
    expect(r.stderr).not.toContain('--- SIGKILL') // SIGKILL has no signal-delivery-stop: only "+++ killed by SIGKILL +++"
    // A group-stop under PTRACE_SEIZE is "--- stopped by SIGSTOP ---" (strace's print_stopped()).
    const term = run('sleep 9 & S=$!; strace -e trace=none -p $S & sleep 1; kill -STOP $S; sleep 1; kill -CONT $S; sleep 1; kill $S; wait')
    expect(term.stderr).toMatch(new RegExp('^strace: Process (\\d+) attached\n' +
      '--- SIGSTOP \\{si_signo=SIGSTOP, si_code=SI_USER, si_pid=(\\d+), si_uid=0\\} ---\n--- stopped by SIGSTOP ---\n' +
      '--- SIGCONT \\{si_signo=SIGCONT, si_code=SI_USER, si_pid=\\2, si_uid=0\\} ---\n' +
      '--- SIGTERM \\{si_signo=SIGTERM, si_code=SI_USER, si_pid=\\2, si_uid=0\\} ---\n\\+\\+\\+ killed by SIGTERM \\+\\+\\+\n$'))
    expect(run('strace -c sh -c "kill -USR1 \\$\\$" 2>&1').stdout).not.toContain('--- SIG') // -c: the summary only
  })
})
