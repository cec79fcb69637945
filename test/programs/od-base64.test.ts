// od(1) and base64(1), compared with what GNU coreutils 9.1 prints on Debian 12
// (od.c: address radix, -t types, '*' for repeated lines; basenc.c: RFC 4648, -w, -d).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('od', () => {
  it('prints octal words with octal offsets by default', () => {
    expect(run('printf abc | od').stdout).toBe('0000000 061141 000143\n0000003\n')
  })
  it('-c shows characters with C escapes', () => {
    expect(run("printf 'hello world\\n' | od -c").stdout).toBe(
      '0000000   h   e   l   l   o       w   o   r   l   d  \\n\n0000014\n')
  })
  it('-An -tx1 prints bare hex bytes', () => {
    expect(run("printf 'AB\\001' | od -An -tx1").stdout).toBe(' 41 42 01\n')
  })
  it('collapses repeated lines into * unless -v', () => {
    expect(run('head -c 40 /dev/zero | od -tx4').stdout).toBe(
      '0000000 00000000 00000000 00000000 00000000\n*\n0000040 00000000 00000000\n0000050\n')
    expect(run('head -c 32 /dev/zero | od -v -An -tx8').stdout).toBe(
      ' 0000000000000000 0000000000000000\n 0000000000000000 0000000000000000\n')
  })
  it('-j skips and -N limits, -Ad decimal offsets, -t d signed', () => {
    expect(run("printf '\\377\\377abc' | od -Ad -j 1 -N 1 -td1").stdout).toBe('0000001   -1\n0000002\n')
  })
  it('rejects an unknown type with coreutils\' message', () => {
    const r = run('od -t q /dev/null; echo $?')
    expect(r.stderr).toBe("od: invalid character 'q' in type string 'q'\n")
    expect(r.stdout).toBe('1\n')
  })
})

describe('base64', () => {
  it('encodes with padding and 76-column lines', () => {
    expect(run('echo hello | base64').stdout).toBe('aGVsbG8K\n')
    expect(run('printf a | base64; printf ab | base64').stdout).toBe('YQ==\nYWI=\n')
    expect(run('head -c 60 /dev/zero | base64').stdout).toBe('A'.repeat(76) + '\n' + 'A'.repeat(4) + '\n')
    expect(run('head -c 3 /dev/zero | base64 -w 0').stdout).toBe('AAAA')
  })
  it('decodes, and rejects garbage unless -i', () => {
    expect(run('echo aGVsbG8K | base64 -d').stdout).toBe('hello\n')
    const r = run("echo 'a*' | base64 -d; echo $?")
    expect(r.stderr).toBe('base64: invalid input\n')
    expect(r.stdout).toBe('1\n')
    expect(run("echo 'aGVs*bG8K' | base64 -di").stdout).toBe('hello\n')
  })
  it('round-trips random bytes', () => {
    expect(run('head -c 100 /dev/urandom > /tmp/r; base64 /tmp/r | base64 -d > /tmp/s; cmp /tmp/r /tmp/s 2>/dev/null; od -An -tx1 /tmp/r > /tmp/a; od -An -tx1 /tmp/s > /tmp/b; cat /tmp/a | wc -l; sort /tmp/a /tmp/b | uniq -u | wc -l').stdout).toBe('7\n0\n')
  })
})
