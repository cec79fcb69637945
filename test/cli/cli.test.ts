// The real `isolab` bin, spawned as a user would run it (golden transcripts).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, OUTFILE } from '../../scripts/build-cli.mjs'
import pkg from '../../package.json' with { type: 'json' }

const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'isolab.mjs')
let tmp: string

function isolab(args: string[], input?: string) {
  // `input` (even '') makes stdin a closed pipe, like `isolab ... < file`.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input: input ?? '', encoding: 'utf8', timeout: 20_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

beforeAll(async () => {
  await buildCli({ quiet: true }) // the bin would rebuild anyway; doing it here keeps each spawn fast
  tmp = mkdtempSync(join(tmpdir(), 'isolab-cli-'))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('isolab bin', () => {
  it('--version', () => {
    expect(isolab(['--version'])).toEqual({ status: 0, stdout: `isolab ${pkg.version}\n`, stderr: '' })
  })

  it('--help lists commands and options', () => {
    const r = isolab(['--help'])
    expect(r.status).toBe(0)
    for (const s of ['Usage: isolab', "sh -c 'LINES'", 'sh FILE', '--seed N', '--memory SIZE', '--cpus N', '--version']) {
      expect(r.stdout).toContain(s)
    }
  })

  it('unknown option: GNU-style message, exit 2', () => {
    expect(isolab(['--x'])).toEqual({
      status: 2,
      stdout: '',
      stderr: "isolab: unrecognized option '--x'\nTry 'isolab --help' for more information.\n",
    })
  })

  it("sh -c 'echo hi'", () => {
    expect(isolab(['sh', '-c', 'echo hi'])).toEqual({ status: 0, stdout: 'hi\n', stderr: '' })
  })

  it("sh -c 'cat /nope; echo $?'", () => {
    expect(isolab(['sh', '-c', 'cat /nope; echo $?'])).toEqual({
      status: 0,
      stdout: '1\n',
      stderr: 'cat: /nope: No such file or directory\n',
    })
  })

  it("sh -c 'exit 3'", () => {
    expect(isolab(['sh', '-c', 'exit 3']).status).toBe(3)
  })

  it('sh < file, and sh FILE', () => {
    const script = 'echo one\necho two >&2\necho three\n'
    const want = { status: 0, stdout: 'one\nthree\n', stderr: 'two\n' }
    expect(isolab(['sh'], script)).toEqual(want)
    const file = join(tmp, 'script.sh')
    writeFileSync(file, script)
    expect(isolab(['sh', file])).toEqual(want)
  })

  it('a shell pipe into isolab reaches the script (stdin read only when it is a file or FIFO)', () => {
    const r = spawnSync('/bin/sh', ['-c', `printf 'piped\\n' | "${process.execPath}" "${BIN}" sh -c cat`], { encoding: 'utf8' })
    expect(r).toMatchObject({ status: 0, stdout: 'piped\n' })
  })

  it('`isolab sh < file` is `bash < file`: the script is bash\'s stdin (ps shows plain "bash"; read takes the next line)', () => {
    const r = isolab(['sh'], 'ps -o args= -p $$\nread x\nthis line is read, not run\necho "x=$x"\n')
    expect(r).toEqual({ status: 0, stdout: 'bash\nx=this line is read, not run\n', stderr: '' })
  })

  it('same seed, same transcript', () => {
    const a = isolab(['--seed', '42', 'sh', '-c', 'echo $RANDOM $RANDOM'])
    const b = isolab(['--seed', '42', 'sh', '-c', 'echo $RANDOM $RANDOM'])
    expect(a).toEqual(b)
  })

  it('missing script file: exit 127', () => {
    expect(isolab(['sh', join(tmp, 'nope.sh')])).toMatchObject({ status: 127, stderr: expect.stringContaining('No such file or directory') })
  })
})

describe('the bundle and its code cache (scripts/cli-loader.mjs)', () => {
  const CACHE = OUTFILE + '.cache'

  it('the bundle is ASCII, so the loader reads it as latin1 without changing a character', () => {
    expect(/[^\x00-\x7f]/.test(readFileSync(OUTFILE, 'latin1'))).toBe(false)
    // The sources' one non-ASCII character in a regular expression, Go's "µs" (docker logs --since), still matches.
    const r = isolab(['sh', '-c', 'docker run -d --name web alpine echo hi >/dev/null 2>&1; sleep 1; docker logs --since 10000000µs web'])
    expect(r).toEqual({ status: 0, stdout: 'hi\n', stderr: '' })
  })

  it('the first run writes the cache for this build; a cache of another build is ignored and replaced', () => {
    rmSync(CACHE, { force: true })
    expect(isolab(['sh', '-c', 'echo one'])).toEqual({ status: 0, stdout: 'one\n', stderr: '' })
    const key = readFileSync(CACHE).subarray(0, 64).toString('latin1')
    expect(key).toMatch(/^isolab v\d+\.\d+\.\d+ \d+ [\d.]+ +$/)
    writeFileSync(CACHE, Buffer.concat([Buffer.from('isolab another build'.padEnd(64)), Buffer.alloc(1000)]))
    expect(isolab(['sh', '-c', 'echo two'])).toEqual({ status: 0, stdout: 'two\n', stderr: '' })
    expect(readFileSync(CACHE).subarray(0, 64).toString('latin1')).toBe(key)
    expect(isolab(['sh', '-c', 'echo three'])).toEqual({ status: 0, stdout: 'three\n', stderr: '' })
    expect(existsSync(CACHE)).toBe(true)
  })
})
