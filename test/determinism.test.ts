// Same seed and input, same transcript, byte for byte; kernels are values
// (no module-level state): two machines side by side do not see each other.
import { describe, expect, it } from 'vitest'
import { Machine } from '../src/host/machine.ts'

const SCRIPT = 'head -c 16 /dev/urandom | od -An -tx1; echo $RANDOM; ps -ef; cat /proc/uptime; ls -l /tmp; fdflood --count 5'
/** The 16 random bytes `od -An -tx1` printed on the first line. */
const randomBytes = (stdout: string) => stdout.split('\n')[0]!

describe('determinism', () => {
  it('two runs with the same seed print the same bytes', () => {
    const a = new Machine({ seed: 42 }).runScript(SCRIPT)
    const b = new Machine({ seed: 42 }).runScript(SCRIPT)
    expect(randomBytes(a.stdout)).toMatch(/^( [0-9a-f]{2}){16}$/)
    expect(a).toEqual(b)
    // ... and the bytes come from the seed, not a constant
    expect(randomBytes(new Machine({ seed: 43 }).runScript(SCRIPT).stdout)).not.toBe(randomBytes(a.stdout))
  })

  it('a different seed changes the random bytes', () => {
    const script = 'head -c 64 /dev/urandom | wc -c; head -c 8 /dev/urandom > /tmp/r; cat /tmp/r'
    const a = new Machine({ seed: 1 }).runScript(script)
    const b = new Machine({ seed: 2 }).runScript(script)
    expect(a.stdout).not.toEqual(b.stdout)
  })

  it('two kernels side by side keep separate state', () => {
    const m1 = new Machine({ hostname: 'one' })
    const m2 = new Machine({ hostname: 'two' })
    m1.runScript('hostname changed; echo 100 > /proc/sys/fs/file-max; touch /tmp/only-in-one')
    expect(m2.runScript('hostname; cat /proc/sys/fs/file-max; ls /tmp').stdout).toBe('two\n838860\n')
    expect(m1.runScript('hostname; ls /tmp').stdout).toBe('changed\nonly-in-one\n')
  })
})
