// bash(1) "Pipelines": `time [-p] pipeline` reports real, user and sys time on
// stderr with TIMEFORMAT's default $'\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS' (or POSIX's
// with -p). Here all three are virtual time.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('time', () => {
  it('times a pipeline in virtual time, in bash\'s default format', () => {
    const r = new Machine().runScript('time sleep 1.5')
    expect(r.stderr).toBe('\nreal\t0m1.500s\nuser\t0m0.000s\nsys\t0m0.000s\n')
    expect(r.status).toBe(0)
  })

  it('-p prints the POSIX format; the pipeline\'s status is kept', () => {
    const r = new Machine().runScript('time -p sh -c "sleep 2; exit 3"; echo $?')
    expect(r.stderr).toBe('real 2.00\nuser 0.00\nsys 0.00\n')
    expect(r.stdout).toBe('3\n')
  })

  it('counts the CPU time of the children it waited for (times(2) cutime)', () => {
    const r = new Machine().runScript('time cpuburn 1 >/dev/null 2>&1 || time yes | head -c 4000000 | wc -c')
    const user = /user\t0m(\d+\.\d+)s/.exec(r.stderr)
    expect(user).not.toBeNull()
    expect(Number(user![1])).toBeGreaterThan(0)
  })

  it('`time` is only reserved at the start of a pipeline', () => {
    expect(new Machine().runScript('echo time').stdout).toBe('time\n')
  })
})
