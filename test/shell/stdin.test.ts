// A script read from stdin (`cmds | bash`, `bash < file`): bash reads it a line
// at a time and runs each complete command before reading on. bash(1), INVOCATION:
// "When bash is reading commands from a non-seekable input it reads one byte at a
// time so that it never consumes input meant for the commands it runs"; on a
// seekable file it lseek(2)s back to just after the command it runs.
import { describe, it, expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string, stdin?: string) => new Machine().runScript(script, { stdin })

describe('bash reading its script from stdin', () => {
  it('runs each command as soon as its line arrives through a pipe (virtual time)', () => {
    const r = run(`(echo 'cut -d" " -f1 /proc/uptime'; sleep 2; echo 'cut -d" " -f1 /proc/uptime') | bash`)
    expect(r).toEqual({ status: 0, stdout: '0.00\n2.00\n', stderr: '' })
  })

  it('lets a command read the lines after it from a pipe (bash(1): one byte at a time)', () => {
    expect(run(`printf 'read x\\nhello\\necho got $x\\n' | bash`).stdout).toBe('got hello\n')
    expect(run('bash', 'read x\nhello\necho got $x\n').stdout).toBe('got hello\n')
  })

  it('lets a command read the lines after it from a regular file (lseek back)', () => {
    const r = run(`printf 'echo a\\nread y\\nfrom-read\\necho b $y\\n' > /tmp/s; bash < /tmp/s`)
    expect(r).toEqual({ status: 0, stdout: 'a\nb from-read\n', stderr: '' })
  })

  it('still runs multi-line constructs: if/fi, for/done, here-documents, \\-continuations, quotes', () => {
    const script = 'if true\nthen echo yes\nfi\nfor i in 1 2; do\n echo $i\ndone\ncat <<EOF\nhd $((1+1))\nEOF\n' +
      'echo a \\\nb\necho "q\nr"\necho last'
    expect(run('bash', script)).toEqual({ status: 0, stdout: 'yes\n1\n2\nhd 2\na b\nq\nr\nlast\n', stderr: '' })
    // the same text through a file (seekable): identical
    const r = run(`cat > /tmp/s <<'X'\n${script}\nX\nbash < /tmp/s`)
    expect(r.stdout).toBe('yes\n1\n2\nhd 2\na b\nq\nr\nlast\n')
  })

  it('a syntax error stops the script after the commands before it ran, naming the script line', () => {
    expect(run('bash', 'echo one\nif then\necho never\n')).toEqual({
      status: 2, stdout: 'one\n',
      stderr: "bash: line 2: syntax error near unexpected token `then'\nbash: line 2: `if then'\n",
    })
    expect(run('bash', 'echo one\n\nif true; then\n')).toEqual({
      status: 2, stdout: 'one\n', stderr: 'bash: line 4: syntax error: unexpected end of file\n',
    })
  })

  it('exit stops reading; the rest of the input is never read as commands', () => {
    const r = run(`printf 'echo a\\nexit 3\\necho no\\n' | bash; echo $?`)
    expect(r.stdout).toBe('a\n3\n')
  })

  it('exec 0</dev/null does not cut the script off: bash moves its input fd first (check_bash_input)', () => {
    expect(run(`printf 'echo a\\nexec 0</dev/null\\nread z; echo "b[$z]"\\n' | bash`).stdout).toBe('a\nb[]\n')
  })

  it('a trapped signal while bash waits for the next line runs the trap, then bash reads on (read(2): EINTR)', () => {
    const r = run(`(echo 'trap "echo got" USR1'; echo 'echo $$ > /tmp/pid'; sleep 1; kill -USR1 $(cat /tmp/pid); sleep 1; echo 'echo after') | bash`)
    expect(r).toEqual({ status: 0, stdout: 'got\nafter\n', stderr: '' })
  })

  it('bash -c is unchanged: the whole string is parsed before stdin is touched', () => {
    expect(run(`printf 'line\\n' | bash -c 'read x; echo got $x'`).stdout).toBe('got line\n')
  })
})
