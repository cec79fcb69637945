// The shell on the real simulated machine (kernel-sim + userland), not the
// fake kernel: exact stdout/stderr/status as bash 5.2 prints them.
import { describe, it, expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

function run(script: string) {
  return new Machine().runScript(script)
}

type Case = [script: string, stdout: string, stderr?: string, status?: number]

const CASES: Case[] = [
  // quoting and expansion
  [`echo "a  b" 'c  d' e\\ f "$(echo  x  y)" $(echo  x  y)`, 'a  b c  d e f x y x y\n'],
  ['a=1; b="$a $a"; echo "$b" ${#b} ${b%1} ${c:-def} ${c:=set} $c', '1 1 3 1 def set set\n'],
  ['set -- a "b c" d; echo $#; for x in "$@"; do echo "[$x]"; done', '3\n[a]\n[b c]\n[d]\n'],
  ['echo $((2**10)) $((7/2)) $((7%3))', '1024 3 1\n'],
  ['echo $((1/0))', '', 'bash: line 1: 1/0: division by 0 (error token is "0")\n', 1],
  ['x=$(false); echo $?', '1\n'],
  ['echo [ ] [x', '[ ] [x\n'],
  // pathname expansion, as bash 5.2 on this host: a literal component after a wildcard must exist; a trailing / keeps directories
  ['mkdir -p /tmp/q/a/x /tmp/q/b /tmp/q/c/x/y; touch /tmp/q/f; echo /tmp/q/*/x; echo /tmp/q/*/; echo /tmp/q/*/*/; echo /tmp/q/*/nope; cd /tmp/q; echo */',
    '/tmp/q/a/x /tmp/q/c/x\n/tmp/q/a/ /tmp/q/b/ /tmp/q/c/\n/tmp/q/a/x/ /tmp/q/c/x/\n/tmp/q/*/nope\na/ b/ c/\n'],
  // pipes and lists
  ['seq 5 | wc -l', '5\n'],
  ['seq 3 | while read l; do echo L$l; done', 'L1\nL2\nL3\n'],
  ['true && echo a || echo b; false && echo c || echo d; ! true; echo $?', 'a\nd\n1\n'],
  ['{ echo out; echo err >&2; } 2>&1 | cat', 'out\nerr\n'],
  // redirections and fd limits (linux-semantics §4.3 HOST)
  ['echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f; wc -l < /tmp/f', 'a\nb\n2\n'],
  ['ulimit -n 3; echo hi > /tmp/x', '', 'bash: line 1: /tmp/x: Too many open files\n', 1],
  ['ulimit -n 10; exec 10</dev/null', '', 'bash: line 1: 10: Bad file descriptor\n', 1],
  ['exec 3</etc/hostname; cat <&3', 'host\n'],
  ['cat < /nope', '', 'bash: line 1: /nope: No such file or directory\n', 1],
  ['echo hi >&7', '', 'bash: line 1: 7: Bad file descriptor\n', 1],
  // functions, command substitution, errors
  ['f() { local x=1; echo $x; return 3; }; x=0; f; echo $? $x', '1\n3 0\n'],
  ['echo $(echo hi) `echo there`', 'hi there\n'],
  ['cat /nope; echo $?', '1\n', 'cat: /nope: No such file or directory\n'],
  ['nosuchcmd; echo $?', '127\n', 'bash: line 1: nosuchcmd: command not found\n'],
  ['(exit 4); echo $?', '4\n'],
  ['echo ${x?unset}; echo no', '', 'bash: line 1: x: unset\n', 127],
  ['set -u; echo $zz; echo no', '', 'bash: line 1: zz: unbound variable\n', 127],
  ['echo $((1/0)); echo no', '', 'bash: line 1: 1/0: division by 0 (error token is "0")\n', 1],
  ['readonly r=1; r=2; echo no', '', 'bash: line 1: r: readonly variable\n', 1],
  ['break; echo $?', '0\n', "bash: line 1: break: only meaningful in a `for', `while', or `until' loop\n", 0],
  // syntax errors
  ['if then', '', "bash: -c: line 1: syntax error near unexpected token `then'\nbash: -c: line 1: `if then'\n", 2],
  ['echo )', '', "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo )'\n", 2],
  ['echo (', '', "bash: -c: line 1: syntax error near unexpected token `newline'\nbash: -c: line 1: `echo ('\n", 2],
  ['echo "unterminated', '', 'bash: -c: line 1: unexpected EOF while looking for matching `"\'\n', 2],
  // ulimit (linux-semantics §4.5)
  ['ulimit -n; ulimit -Hn', '1024\n524288\n'],
  ['ulimit -n abc', '', 'bash: line 1: ulimit: abc: invalid number\n', 1],
  ['ulimit -Hn 1048577', '', 'bash: line 1: ulimit: open files: cannot modify limit: Operation not permitted\n', 1],
  ['ulimit -n unlimited', '', 'bash: line 1: ulimit: open files: cannot modify limit: Operation not permitted\n', 1],
  ['ulimit -Sn 600000', '', 'bash: line 1: ulimit: open files: cannot modify limit: Invalid argument\n', 1],
  // signals and jobs
  ['sleep 100 & kill -9 $!; wait $!; echo $?', '137\n'],
  ["sh -c 'kill -9 $$'; echo $?", '137\n', "bash: line 1:     3 Killed                  sh -c 'kill -9 $$'\n"], // as bash 5.2.15 prints it on this host
  ["sh -c 'kill -TERM $$'; echo $?", '143\n', 'Terminated\n'],
  ["sh -c 'kill -SEGV $$'; true", '', "bash: line 1:     3 Segmentation fault      sh -c 'kill -SEGV $$'\n", 0],
  // function nesting: FUNCNEST is bash's limit; it aborts a non-interactive shell
  ['FUNCNEST=3; f() { echo $1; f $(($1+1)); }; f 1; echo after', '1\n2\n3\n', 'bash: line 1: f: maximum function nesting level exceeded (3)\n', 1],
  ['FUNCNEST=2; f() { f; }; (f); echo after $?', 'after 1\n', 'bash: line 1: f: maximum function nesting level exceeded (2)\n'],
  ['f() { if [ $1 -lt 100 ]; then f $(($1+1)); else echo deep $1; fi; }; f 0', 'deep 100\n'],
]

describe('bash on the real machine', () => {
  for (const [script, stdout, stderr = '', status = stderr && !stdout ? 1 : 0] of CASES) {
    it(script, () => {
      expect(run(script)).toEqual({ stdout, stderr, status: status })
    })
  }

  it('fork fails under ulimit -u for uid 1000: bash retries after 1, 2, 4, 8 s (jobs.c make_child), then the non-interactive shell exits 254', () => {
    const m = new Machine()
    const r = m.runScript(
      "setpriv --reuid=1000 --regid=1000 --clear-groups bash -c 'ulimit -u 3; for i in 1 2 3 4 5; do sleep 100 & done; echo never'; echo $?",
    )
    const retry = 'bash: fork: retry: Resource temporarily unavailable\n'
    expect(r).toEqual({ stdout: '254\n', stderr: retry.repeat(4) + 'bash: fork: Resource temporarily unavailable\n', status: 0 })
  })

  it('a retried fork succeeds once a child has exited and been reaped', () => {
    const r = run("setpriv --reuid=1000 --regid=1000 --clear-groups bash -c 'ulimit -u 3; sleep 0.5 & sleep 0.5 & sleep 0.5 & wait; echo ok'")
    expect(r).toEqual({ stdout: 'ok\n', stderr: 'bash: fork: retry: Resource temporarily unavailable\n', status: 0 })
  })

  it('a fork bomb under ulimit -u 30 ends, and the machine survives', () => {
    const m = new Machine()
    const r = m.runScript("setpriv --reuid=1000 --regid=1000 --clear-groups bash -c 'ulimit -u 30; :(){ :|:& };:'; echo done")
    expect(r.stdout).toBe('done\n')
    expect(r.stderr).toContain('bash: fork: Resource temporarily unavailable\n')
    expect(r.stderr).not.toContain('nesting')
    // the bomb's survivors keep forking as uid 1000; root's shell still runs, and can kill them all
    expect(m.runScript('echo alive')).toEqual({ stdout: 'alive\n', stderr: '', status: 0 })
    const clean = m.runScript('setpriv --reuid=1000 --regid=1000 --clear-groups kill -9 -1; sleep 1; ps -e | wc -l')
    expect(clean.status).toBe(0)
    expect(Number(clean.stdout)).toBeLessThan(8)
  })

  it('unbounded in-process recursion stops with a message instead of crashing', () => {
    const r = run('f() { f; }; f; echo no')
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^bash: line 1: f: isolab: function recursion deeper than \d+ calls/)
    expect(r.status).toBe(1)
  })
})
