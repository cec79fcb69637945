// Golden tests: programs run by bash on a booted machine, compared with what
// the real tools print.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string, stdin?: string) => new Machine().runScript(script, stdin === undefined ? {} : { stdin })
const outOf = (script: string, stdin?: string) => run(script, stdin).stdout

describe('coreutils', () => {
  it('cat reports a missing file like coreutils', () => {
    const r = run('cat /nope; echo $?')
    expect(r.stdout).toBe('1\n')
    expect(r.stderr).toBe('cat: /nope: No such file or directory\n')
  })
  it('getopt diagnostics and Try lines', () => {
    const r = run('cat -z; echo $?; ls --bogus; echo $?; head -n; echo $?')
    expect(r.stdout).toBe('1\n2\n1\n')
    expect(r.stderr).toBe("cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n" +
      "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n" +
      "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n")
  })
  it('coreutils "missing operand" with status 1 (mkdir, rmdir, stat, readlink, sleep)', () => {
    const progs = ['mkdir', 'rmdir', 'stat', 'readlink', 'sleep']
    const r = run(progs.map((p) => `${p}; echo $?`).join('; '))
    expect(r.stdout).toBe('1\n'.repeat(progs.length))
    expect(r.stderr).toBe(progs.map((p) => `${p}: missing operand\nTry '${p} --help' for more information.\n`).join(''))
  })
  it('echo, seq, wc, head, tail', () => {
    expect(outOf('seq 3 | wc -l')).toBe('3\n')
    expect(outOf('seq 2 2 10 | tail -n 2')).toBe('8\n10\n')
    expect(outOf('seq -w 8 10')).toBe('08\n09\n10\n')
    expect(outOf('seq -s, 3')).toBe('1,2,3\n')
    expect(outOf('echo hello world | wc')).toBe('      1       2      12\n')
    expect(outOf('yes | head -n 2')).toBe('y\ny\n')
    expect(outOf('/bin/echo -e "a\\tb"')).toBe('a\tb\n')
  })
  it('text filters', () => {
    expect(outOf('printf "b\\na\\nb\\n" | sort | uniq -c')).toBe('      1 a\n      2 b\n')
    expect(outOf('printf "10\\n9\\n100\\n" | sort -n -r')).toBe('100\n10\n9\n')
    expect(outOf('echo a:b:c | cut -d: -f2,3')).toBe('b:c\n')
    expect(outOf('echo hello | tr a-z A-Z')).toBe('HELLO\n')
    expect(outOf('printf "one\\ntwo\\nthree\\n" | grep -n t')).toBe('2:two\n3:three\n')
    expect(outOf('printf "one\\ntwo\\n" | grep -c -E "o$"')).toBe('1\n')
    expect(run('echo x | grep -q y').status).toBe(1)
    expect(outOf('echo hello world | sed "s/o/0/g"')).toBe('hell0 w0rld\n')
    expect(outOf('printf "a\\nb\\nc\\n" | sed -n 2p')).toBe('b\n')
    // GNU sed 4.9 on this host: a delimiter inside a bracket expression does not end the regex; "]" first is literal.
    expect(outOf("echo 1/2 | sed 's/[0-9/]*//'; echo a/b | sed 's/[/]/-/'; echo 'a]b' | sed 's/[]]/X/'; echo abc | sed '/[b/]/s/a/Z/'")).toBe('\na-b\naXb\nZbc\n')
  })
  it('awk', () => {
    expect(outOf("echo a b | awk '{print $2}'")).toBe('b\n')
    expect(outOf("printf '1 2\\n3 4\\n' | awk '{s += $2} END {print s, NR}'")).toBe('6 2\n')
    expect(outOf("echo a:b:c | awk -F: '{print $NF; printf \"%05.1f|%-3s|\\n\", 3.14159, \"x\"}'")).toBe('c\n003.1|x  |\n')
    expect(outOf("printf 'x 1\\ny 5\\n' | awk '$2 > 2 {print $1}'")).toBe('y\n')
  })
  it('files: mkdir -p, touch, ln -s, readlink -f, rm -r, errors', () => {
    const r = run('mkdir -p /tmp/a/b && touch /tmp/a/b/f && ln -s /tmp/a/b/f /tmp/l && readlink /tmp/l && readlink -f /tmp/l && ls /tmp/a/b && rm -r /tmp/a && ls /tmp/a; mkdir /tmp; rmdir /nope')
    expect(r.stdout).toBe('/tmp/a/b/f\n/tmp/a/b/f\nf\n')
    expect(r.stderr).toBe("ls: cannot access '/tmp/a': No such file or directory\n" +
      "mkdir: cannot create directory '/tmp': File exists\nrmdir: failed to remove '/nope': No such file or directory\n")
  })
  it('ls -l long format and /proc/self/fd', () => {
    expect(outOf('ls -ld /tmp')).toMatch(/^drwxrwxrwt 2 root root 4096 \w{3} [ \d]\d ( \d{4}|\d\d:\d\d) \/tmp\n$/)
    expect(outOf('ls -l /proc/self/fd')).toMatch(/\n(l[-rwx]{9}) 1 root root +\d+ .* 0 -> .+\n/)
    expect(outOf('ls -l /proc/self/fd')).toMatch(/ 3 -> \/proc\/\d+\/fd\n$/)
  })
  it('stat default format', () => {
    expect(outOf('stat /etc/hostname')).toMatch(/^ {2}File: \/etc\/hostname\n {2}Size: \d+ +\tBlocks: \d+ +IO Block: 4096 +regular file\nDevice: \d+,\d+\tInode: \d+ +Links: 1\nAccess: \(0644\/-rw-r--r--\) {2}Uid: \( {4}0\/ {4}root\) {3}Gid: \( {4}0\/ {4}root\)\n/)
  })
})

describe('identity and system', () => {
  it('id, whoami, hostname, uname', () => {
    expect(outOf('id')).toBe('uid=0(root) gid=0(root) groups=0(root)\n')
    expect(outOf('whoami')).toBe('root\n')
    expect(outOf('hostname x1 && hostname')).toBe('x1\n')
    expect(outOf('uname')).toBe('Linux\n')
    expect(outOf('nproc')).toBe('2\n')
  })
  it('setpriv drops to nobody and reports exec failures', () => {
    expect(outOf('setpriv --reuid 65534 --regid 65534 --clear-groups id -u')).toBe('65534\n')
    const r = run('setpriv --reuid 65534 --regid 65534 --clear-groups hostname y; setpriv nosuch; echo $?')
    expect(r.stderr).toBe('hostname: you must be root to change the host name\nsetpriv: failed to execute nosuch: No such file or directory\n')
    expect(r.stdout).toBe('127\n')
  })
  it('kill', () => {
    const r = run('/bin/kill -9 4000; echo $?; /bin/kill -l 9')
    expect(r.stderr).toBe('kill: (4000) - No such process\n')
    expect(r.stdout).toBe('1\nKILL\n')
  })
  it('free has the procps 4 layout', () => {
    const lines = outOf('free').split('\n')
    expect(lines[0]).toBe('               total        used        free      shared  buff/cache   available')
    expect(lines[1]).toMatch(/^Mem: {4}( +\d+){6}$/)
    expect(lines[2]).toMatch(/^Swap:( +\d+){3}$/)
  })
})

describe('procps ps', () => {
  it('headers follow pid_max digits', () => {
    expect(outOf('ps -ef | head -1')).toBe('UID        PID  PPID  C STIME TTY          TIME CMD\n')
    expect(outOf('ps | head -1')).toBe('  PID TTY          TIME CMD\n')
    expect(outOf('ps aux | head -1')).toBe('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n')
    expect(outOf('ps -o pid,ppid,comm | head -1')).toBe('  PID  PPID COMMAND\n')
  })
  it('lists init as pid 1 and rejects unknown format specifiers', () => {
    expect(outOf('ps -e -o pid=,comm=')).toMatch(/^ {4}1 init\n/)
    const r = run('ps -o x')
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/^error: unknown user-defined format specifier "x"\n/)
  })
  it('-C by command name and --ppid by parent (procps-ng 4 on this host); an empty list is parser.c\'s error', () => {
    expect(outOf('sleep 100 & sleep 200 & ps -C sleep -o pid=,comm=; ps --ppid $$ -o comm=; ps -C nosuch >/dev/null; echo $?'))
      .toMatch(/^ +\d+ sleep\n +\d+ sleep\nsleep\nsleep\nps\n1\n$/)
    const r = run('ps -p; echo $?; ps -C; echo $?')
    expect(r.stdout).toBe('1\n1\n')
    expect(r.stderr).toMatch(/^error: list of process IDs must follow -p\n\nUsage:\n ps \[options\]\n[^]*error: list of command names must follow -C\n/)
  })
})

describe('fdflood', () => {
  it('stops at RLIMIT_NOFILE with EMFILE', () => {
    const r = run('ulimit -n 64; fdflood; echo $?')
    expect(r.stdout).toBe('fdflood: opened 61 files; open("/dev/null") failed: Too many open files (EMFILE)\n1\n')
  })
  it('stops at --count and opens sockets', () => {
    expect(outOf('fdflood --count 5 --sockets; echo $?')).toBe('fdflood: opened 5 sockets\n0\n')
    expect(outOf('ulimit -n 10; fdflood -s')).toBe('fdflood: opened 7 sockets; socket(AF_INET, SOCK_STREAM) failed: Too many open files (EMFILE)\n')
  })
  it('help lists every program with a description', () => {
    const h = outOf('help')
    for (const n of ['fdflood', 'ps', 'awk', 'setpriv']) expect(h).toMatch(new RegExp(`\\n  ${n} +\\S`))
  })
})
