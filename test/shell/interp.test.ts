// The interpreter on the real simulated kernel (it used to run on a second,
// fake kernel that could drift from the real one): bash 5.2's output, errors
// and statuses for the core of the language.
import { describe, it, expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

function sh(script: string, stdin = '') {
  return new Machine().runScript(script, { stdin })
}

describe('shell interpreter', () => {
  const cases: [string, string, string?, number?][] = [
    ['echo hi', 'hi\n'],
    ["echo 'a  b' \"c  $((1+2))\" d\\ e", 'a  b c  3 d e\n'],
    ['x=5; echo ${x} ${y:-def} ${#x}', '5 def 1\n'],
    ['echo $(echo inner) `echo back`', 'inner back\n'],
    ['false; echo $?; true && echo and; false || echo or', '1\nand\nor\n'],
    ['echo a | cat | cat', 'a\n'],
    ['f() { echo "f:$1:$#"; return 3; }; f x y; echo $?', 'f:x:2\n3\n'],
    ['for i in 1 2 3; do echo $i; done', '1\n2\n3\n'],
    ['i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i', '3\n'],
    ['if [ -f /etc/hostname ]; then echo yes; else echo no; fi', 'yes\n'],
    ['case abc in a*) echo A;; *) echo B;; esac', 'A\n'],
    ['echo hi > /tmp/x; cat /tmp/x; echo more >> /tmp/x; cat < /tmp/x', 'hi\nhi\nmore\n'],
    ['cat /nope; echo $?', '1\n', 'cat: /nope: No such file or directory\n'],
    ['nosuch; echo $?', '127\n', 'bash: line 1: nosuch: command not found\n'],
    ['/nope; echo $?', '127\n', 'bash: line 1: /nope: No such file or directory\n'],
    ['echo a; )', '', "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo a; )'\n", 2],
    ["echo 'a", '', "bash: -c: line 1: unexpected EOF while looking for matching `''\n", 2],
    ['ulimit -n 3; echo hi > /tmp/x', '', 'bash: line 1: /tmp/x: Too many open files\n', 1],
    ['ulimit -n abc', '', 'bash: line 1: ulimit: abc: invalid number\n', 1],
    ['ulimit -y', '', 'bash: line 1: ulimit: -y: invalid option\nulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n', 2],
    ['ulimit -n 100; ulimit -n; ulimit -Hn', '100\n100\n'],
    // a soft limit above the hard one (524288 for root here, as systemd sets it) is EINVAL from setrlimit(2)
    ['ulimit -Sn 600000', '', 'bash: line 1: ulimit: open files: cannot modify limit: Invalid argument\n', 1],
    ['exec 3</etc/hostname; cat <&3', 'host\n'],
    ['echo err >&2 2>/dev/null', '', 'err\n'],
    ['{ echo a; echo b; } | cat', 'a\nb\n'],
    ['(echo sub; exit 4); echo $?', 'sub\n4\n'],
    ['cat <<EOF\nx=$((2*3))\nEOF', 'x=6\n'],
    ['cat <<< "here $HOME"', 'here /root\n'],
    ['printf "%s-%d|%5s|%x\\n" a 42 b 255', 'a-42|    b|ff\n'],
    ['echo -n a; echo -e "b\\tc"', 'ab\tc\n'],
    ['set -- a b c; shift; echo "$@" $#', 'b c 2\n'],
    ['read a b <<< "1 2 3"; echo "$a|$b"', '1|2 3\n'],
    ['g() { local v=in; echo $v; }; v=out; g; echo $v', 'in\nout\n'],
    ['echo ${x:?nope}; echo no', '', 'bash: line 1: x: nope\n', 127],
    ['exit 7', '', '', 7],
    ['type cd echo; type -t ls nosuch', 'cd is a shell builtin\necho is a shell builtin\nfile\n', '', 1],
    ['eval "echo \\$HOME"', '/root\n'],
    ['[[ abc == a* && -n x ]] && echo ok', 'ok\n'],
    ['for ((i=0;i<3;i++)); do echo -n $i; done; echo', '012\n'],
    ['x=a; x+=b; echo ${x^^} ${x/a/z}', 'AB zb\n'],
    ['set -e; false; echo no', '', '', 1],
    ['sleep 1 & wait; echo done', 'done\n'],
    ['echo $((1/0))', '', 'bash: line 1: 1/0: division by 0 (error token is "0")\n', 1],
    ['while true; do break; done; echo out', 'out\n'],
    ['! false && echo neg', 'neg\n'],
    ['echo hi >&-', '', 'bash: line 1: echo: write error: Bad file descriptor\n', 1],
    ['echo a\nnosuch', 'a\n', 'bash: line 2: nosuch: command not found\n', 127],
    ['exec nosuch; echo no', '', 'bash: line 1: exec: nosuch: not found\n', 127],
    ['chmod_me=1; echo ~ ~/x', '/root /root/x\n'],
    ['echo "$@"x; set -- "a b" c; for a in "$@"; do echo "[$a]"; done', 'x\n[a b]\n[c]\n'],
    ['a="1  2"; echo $a; echo "$a"', '1 2\n1  2\n'],
    ['kill -l 9; kill -l KILL', 'KILL\n9\n'],
    ['x=$(exit 3); echo $?', '3\n'],
    ['mkdir /tmp/g; touch /tmp/g/bash /tmp/g/cat /tmp/g/false /tmp/g/ls; echo /tmp/g/*a* "/tmp/g/*a*" /nope/*', '/tmp/g/bash /tmp/g/cat /tmp/g/false /tmp/g/*a* /nope/*\n'],
    ['echo /e*/host* /[e]tc/?ostname', '/etc/hostname /etc/hosts /etc/hostname\n'],
  ]
  it.each(cases)('%j', (script, stdout, stderr = '', status = 0) => {
    const r = sh(script)
    expect({ stdout: r.stdout, stderr: r.stderr, status: r.status }).toEqual({ stdout, stderr, status })
  })

  it('interactive: prompt on stderr, exit on EOF', () => {
    const r = sh('bash -i', 'echo hi\n')
    expect(r.stdout).toBe('hi\n')
    expect(r.stderr).toBe('root@host:~# root@host:~# exit\n')
  })

  it('interactive: errors have no line number and the shell goes on', () => {
    const r = sh('bash -i', 'nosuch\necho )\necho ok\n')
    expect(r.stdout).toBe('ok\n')
    expect(r.stderr).toContain('bash: nosuch: command not found\n')
    expect(r.stderr).toContain("bash: syntax error near unexpected token `)'\n")
  })

  it('reads the script from stdin', () => {
    const r = new Machine().runScript('echo one\necho two\n', { fromStdin: true })
    expect(r.stdout).toBe('one\ntwo\n')
  })

  it('fork bomb under RLIMIT_NPROC ends with fork errors', () => {
    // as a user: RLIMIT_NPROC does not bind root (CAP_SYS_RESOURCE)
    const r = sh("setpriv --reuid=1000 bash -c 'ulimit -u 20; :(){ :|:& };:'")
    expect(r.stderr).toContain('bash: fork: Resource temporarily unavailable')
  })
})
