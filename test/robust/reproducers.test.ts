// Issue #15 part 3: the fuzzer's reproducers end as Linux ends them, with the
// tool's own message, never a JS exception in a program (a "crashed" trap,
// status 139) or a kernel oops. Each case cites where the behaviour is from.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

function run(script: string) {
  const m = new Machine()
  const traps: string[] = []
  ;(m.kernel.host as { logged?: (msg: string) => void }).logged = (msg) => {
    if (msg.startsWith('traps:') || msg.startsWith('BUG:')) traps.push(msg)
  }
  const r = m.runScript(script, { maxSteps: 2_000_000 })
  return { ...r, traps }
}

type Case = [why: string, script: string, stdout: string, stderr: string, status?: number]

const CASES: Case[] = [
  ['bash cond_regexp: ( ) in the regex of [[ =~ ]] are part of it', '[[ ab =~ (a)b ]]; echo $?', '0\n', ''],
  ['printf(3): a negative precision is taken as omitted', "printf '%.*f\\n' -1 1", '1.000000\n', ''],
  ["bash printf's getint: not a number", 'printf "%*s|\\n" 1e308 x', 'x|\n', 'bash: line 1: printf: 1e308: invalid number\n', 1],
  ['bash: an unterminated ${ in a here-document', 'cat <<E\n${\nE\necho next', 'next\n', "bash: line 1: unexpected EOF while looking for matching `}'\n"],
  ['bash expr.c: division by 0 in a here-document', 'cat <<E\n$((1/0))\nE', '', 'bash: line 1: 1/0: division by 0 (error token is "0")\n', 1],
  ['bash expr.c: operand expected in a here-document', 'cat <<E\n$((2*  ))\nE', '', 'bash: line 1: 2*: syntax error: operand expected (error token is "")\n', 1],
  ['bash run_pending_traps: a trap does not interrupt itself', 'n=0; trap "n=\\$((n+1)); [ \\$n -lt 5 ] && kill -USR1 \\$\\$" USR1; kill -USR1 $$; echo $n', '5\n', ''],
  ['libcap cap_from_name: a number names one of 64 bits', 'capsh --drop=2147483647 -- -c id', '', 'capability [2147483647] is unknown to libcap\n', 1],
  ['bash expr.c: intmax_t wraps at 64 bits', 'echo $((2**64)) $((9223372036854775807+1)) $((4294967296**0777))', '0 -9223372036854775808 0\n', ''],
  ['netcat-openbsd strtoport: missing port', 'nc -l', '', 'nc: missing port number\n', 1],
  ['netcat-openbsd strtoport: 1.5', 'nc -l 1.5', '', 'nc: port number invalid: 1.5\n', 1],
  ['netcat-openbsd strtoport: abc', 'nc -l abc', '', 'nc: port number invalid: abc\n', 1],
  ['netcat-openbsd strtoport: 1G', 'nc 127.0.0.1 1G', '', 'nc: port number invalid: 1G\n', 1],
  ['iputils ping -c: strtoll_or_err', 'ping -c 1G 127.0.0.1', '', "ping: invalid argument: '1G': Invalid argument\n", 1],
  ['coreutils seq: long double holds 1e999 (here: one value, then past LAST)', 'seq 1 1e999 3', '1\n', ''],
  ['coreutils head -c streams (the 4 GiB reproducer takes ~30 s, so 64 MiB here)', 'head -c 64M /dev/zero | wc -c', '67108864\n', ''],
]

describe('part 3 reproducers end as on Linux', () => {
  it.each(CASES)('%s: %s', (_why, script, stdout, stderr, status = 0) => {
    const r = run(script)
    expect(r.traps).toEqual([])
    expect(r.stderr).toBe(stderr)
    expect(r.stdout).toBe(stdout)
    expect(r.status).toBe(status)
  })
})

describe('write errors are reported as coreutils reports them', () => {
  it("cat /dev/zero > /dev/full: cat: write error: No space left on device, status 1", () => {
    const r = run('cat /dev/zero > /dev/full; echo $?')
    expect(r.stderr).toBe('cat: write error: No space left on device\n')
    expect(r.stdout).toBe('1\n')
  })
  it("head -c 1M /dev/zero > /dev/full: head: error writing 'standard output': No space left on device", () => {
    const r = run('head -c 1M /dev/zero > /dev/full; echo $?')
    expect(r.stderr).toBe("head: error writing 'standard output': No space left on device\n")
    expect(r.stdout).toBe('1\n')
  })
})

describe('the kernel validates socket addresses (bind(2), connect(2): EINVAL), never throws', () => {
  it('a port that is not an integer in 0..65535 is EINVAL', async () => {
    const { badSockAddr } = await import('../../kernel-sim/kernel/syscalls/sys-net.ts')
    expect(badSockAddr({ family: 'inet', addr: '0.0.0.0', port: NaN })).toBe(true)
    expect(badSockAddr({ family: 'inet', addr: '0.0.0.0', port: 1.5 })).toBe(true)
    expect(badSockAddr({ family: 'inet', addr: '0.0.0.0', port: 65536 })).toBe(true)
    expect(badSockAddr({ family: 'inet', addr: 'abc', port: 80 })).toBe(true)
    expect(badSockAddr({ family: 'unix', path: 'x'.repeat(108) })).toBe(true)
    expect(badSockAddr({ family: 'inet', addr: '127.0.0.1', port: 80 })).toBe(false)
  })
})
