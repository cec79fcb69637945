// The page's density and cost form runs the programs themselves: same output
// as the terminal, flags from the form, bad input refused with what is expected.
import { describe, expect, it } from 'vitest'
import { Machine } from '../host/machine.ts'
import { runPlanner } from './planner.ts'

describe('runPlanner', () => {
  it('cost with the form\'s fields prints what the terminal prints for the same command line', () => {
    const r = runPlanner('cost', { 'host-memory': '64G', workload: '200M', 'host-price': '1500', tenants: '100', ksm: false })
    if (typeof r === 'string') throw new Error(r)
    expect(r.command).toBe('cost --host-memory 64G --workload 200M --host-price 1500 --tenants 100')
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(new Machine({ seed: 1 }).runScript(r.command).stdout)
    expect(r.stdout).toMatch(/^tenants: 100$/m)
    expect(r.stdout).toContain('costs $1500.00 per month')
  })

  it('density takes the KSM switch and leaves empty fields to its defaults', () => {
    const r = runPlanner('density', { workload: '', ksm: true })
    if (typeof r === 'string') throw new Error(r)
    expect(r.command).toBe('density --ksm')
    expect(r.stdout).toContain('KSM merges identical guest kernel pages across VMs')
  })

  it('a bad value is the program\'s own error; a value with shell characters stays one word', () => {
    const r = runPlanner('density', { 'host-memory': '32 G; reboot' })
    if (typeof r === 'string') throw new Error(r)
    expect(r.command).toBe("density --host-memory '32 G; reboot'")
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("density: invalid host memory '32 G; reboot' (a size such as 512M or 32G)")
  })

  it('an unknown program or flag is refused before anything runs, naming what is expected', () => {
    expect(runPlanner('rm', {})).toBe("no program 'rm' here (expected density or cost)")
    expect(runPlanner('density', { 'host-price': '5' })).toMatch(/^density: no option '--host-price' \(expected one of --host-memory, --workload, /)
    expect(runPlanner('cost', { json: true })).toMatch(/^cost: no option '--json'/)
  })
})
