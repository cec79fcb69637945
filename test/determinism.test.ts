// Same seed and input, same transcript, byte for byte; kernels are values
// (no module-level state): two machines side by side do not see each other.
import { describe, expect, it } from 'vitest'
import { Machine } from '../src/host/machine.ts'

const SCRIPT = 'head -c 16 /dev/urandom | od -An -tx1 2>/dev/null || head -c 16 /dev/urandom | wc -c; echo $RANDOM; ps -ef; cat /proc/uptime; ls -l /tmp; fdflood --count 5'

describe('determinism', () => {
  it('two runs with the same seed print the same bytes', () => {
    const a = new Machine({ seed: 42 }).runScript(SCRIPT)
    const b = new Machine({ seed: 42 }).runScript(SCRIPT)
    expect(a).toEqual(b)
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
