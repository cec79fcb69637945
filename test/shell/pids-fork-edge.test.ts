// The pids controller's edge cases (Documentation/admin-guide/cgroup-v2.rst, "PID"): a shell
// moved into a child of a cgroup with pids.max 2 still works without forking and may fork once;
// pids.max may be set below pids.current ("it's possible to have pids.current > pids.max");
// then fork(2) fails with EAGAIN. bash 5.2 retries it (jobs.c make_child: "fork: retry", sleeps
// of 1, 2, 4 and 8 s) and gives up with "fork: Resource temporarily unavailable", status 126|128;
// sig.c throw_to_top_level() then discards the command in an interactive shell, which goes on,
// and exits a non-interactive one (EXITPROG): 254.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const SETUP = [
  'mkdir -p /sys/fs/cgroup/p/c',
  'echo +pids > /sys/fs/cgroup/cgroup.subtree_control',
  'echo 2 > /sys/fs/cgroup/p/pids.max',
  'echo $$ > /sys/fs/cgroup/p/c/cgroup.procs',
]
const RETRY = 'bash: fork: retry: Resource temporarily unavailable\n'

describe('pids.max edge cases and bash\'s fork retry', () => {
  it('interactive: reads need no fork, one fork fits, pids.max below pids.current is accepted, then the fork fails and bash goes on', () => {
    const m = new Machine()
    let out = ''
    const t = m.openTerminal({ cols: 200, rows: 24, onOutput: (d) => (out += d) })
    const type = (line: string): string => {
      out = ''
      t.inputLine(line)
      for (let k = 0; k < 5000 && !t.wantsInput && !t.closed; k++) m.runSlice(undefined, { speed: Infinity })
      return out.replace(/root@host:[^#]*# $/, '') // drop the next prompt
    }
    for (let k = 0; k < 500 && !t.wantsInput; k++) m.runSlice(undefined, { speed: Infinity })
    for (const line of SETUP) expect(type(line)).toBe('')
    expect(type('read x < /etc/hostname; echo $x')).toBe('host\n')
    expect(type('cat /sys/fs/cgroup/p/pids.current')).toBe('2\n')
    expect(type('echo 1 > /sys/fs/cgroup/p/pids.max; echo $?')).toBe('0\n')
    expect(type('cat /sys/fs/cgroup/p/pids.max; echo not reached')).toBe(RETRY.repeat(4) + 'bash: fork: Resource temporarily unavailable\n')
    expect(type('echo "still here, status $?"')).toBe('still here, status 254\n')
    expect(t.closed).toBe(false)
  })

  it('non-interactive: the same failed fork ends the script with status 254, as bash does', () => {
    const r = new Machine().runScript([...SETUP, 'echo 1 > /sys/fs/cgroup/p/pids.max', 'cat /etc/hostname', 'echo not reached'].join('\n'))
    expect(r).toEqual({ stdout: '', stderr: RETRY.repeat(4) + 'bash: fork: Resource temporarily unavailable\n', status: 254 })
  })
})
