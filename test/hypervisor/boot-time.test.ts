// Issue 14's start-up checks, end to end: boot time is the sum of modelled
// work, so changing a VM's configuration changes it, and the guest's
// systemd-analyze, `vm plan` and `time vm start` agree; a container's start is
// the sum of its steps (docker run --timeline).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const realSeconds = (out: string) => [...out.matchAll(/^real\t(\d+)m([\d.]+)s$/gm)].map((m) => Number(m[1]) * 60 + Number(m[2]))
/** systemd's timespans: "815ms", "6.183s", "1min 2.500s". */
const span = (t: string) => {
  const m = /^(?:(\d+)min )?([\d.]+)(ms|s)$/.exec(t)!
  return Number(m[1] ?? 0) * 60 + Number(m[2]) / (m[3] === 'ms' ? 1000 : 1)
}

describe('VM boot time from modelled work', () => {
  const m = new Machine()
  const r = m.runScript('vm create a >/dev/null; vm create b --firmware none --kernel-cmdline quiet >/dev/null; time vm start -q a; time vm start -q b; ' +
    'vm exec a -- systemd-analyze; echo ===; vm exec a -- systemd-analyze blame; echo ===; vm plan a')
  const [times, blame, plan] = r.stdout.split('===\n') as [string, string, string]
  const [a, b] = realSeconds(r.stderr + r.stdout)

  it('b (no firmware, direct kernel boot, quiet) boots measurably faster than a', () => {
    expect(a! - b!).toBeGreaterThan(1)
  })

  it("a's systemd-analyze parts add up to its total, and the total is what `time vm start` measured", () => {
    const line = /^Startup finished in (.*) = (\S+)$/m.exec(times)!
    const parts = [...line[1]!.matchAll(/(\S+) \((firmware|loader|kernel|initrd|userspace)\)/g)]
    expect(parts.map((p) => p[2])).toEqual(['firmware', 'loader', 'kernel', 'initrd', 'userspace'])
    const sum = parts.reduce((n, p) => n + span(p[1]!), 0)
    expect(Math.abs(sum - span(line[2]!))).toBeLessThanOrEqual(0.003)
    expect(Math.abs(span(line[2]!) - a!)).toBeLessThanOrEqual(0.005)
  })

  it('blame lists the units slowest first; vm plan adds up to the same boot', () => {
    const rows = blame.trim().split('\n').map((l) => l.trim().split(/\s+/) as [string, string])
    expect(rows[0]![1]).toBe('snapd.service')
    const secs = rows.map(([t]) => span(t))
    expect([...secs].sort((x, y) => y - x)).toEqual(secs)
    expect(Math.abs(Number(/^total: ([\d.]+) ms/m.exec(plan)![1]) / 1000 - a!)).toBeLessThanOrEqual(0.005)
    expect(plan).toMatch(/^firmware +- +810\.0 +SeaBIOS POST/m)
  })

  it('dmesg in the guest carries the stages\' timestamps', () => {
    const d = m.runScript('vm exec a -- dmesg').stdout
    const stamp = (re: RegExp) => Number(new RegExp(`^\\[\\s*([\\d.]+)\\] ${re.source}`, 'm').exec(d)![1])
    expect(stamp(/virtio_net/)).toBeLessThan(stamp(/EXT4-fs/))
    expect(stamp(/EXT4-fs/)).toBeLessThan(stamp(/systemd\[1\]: Startup finished/))
  })

  it('a microVM boots in at most 150 ms', () => {
    const mm = new Machine()
    const out = mm.runScript('vm create m --profile microvm >/dev/null; vm start -q m').stdout
    expect(Number(/started in (\d+)ms/.exec(out)![1])).toBeLessThanOrEqual(150)
  })
})

describe('container start from modelled work', () => {
  it('time docker run --rm alpine true: 100-500 ms, and the timeline adds up to what time measured', () => {
    const m = new Machine()
    const r = m.runScript('docker pull alpine >/dev/null; time docker run --rm --timeline alpine true')
    const real = realSeconds(r.stderr + r.stdout)[0]! * 1000
    expect(real).toBeGreaterThanOrEqual(100)
    expect(real).toBeLessThanOrEqual(500)
    const steps = [...r.stderr.matchAll(/^timeline: +[\d.]+ ms {2}\+ *([\d.]+) ms/gm)].map((x) => Number(x[1]))
    const total = Number(/timeline: +([\d.]+) ms {2}total/.exec(r.stderr)![1])
    expect(Math.abs(steps.reduce((x, y) => x + y, 0) - total)).toBeLessThan(0.5)
    expect(total).toBeLessThanOrEqual(real)
    expect(real - total).toBeLessThan(10) // the rest is the docker CLI's own round trips
  })

  it('each step costs its work: a published port and a bind mount make it slower, --network none faster', () => {
    const t = (flags: string) => {
      const r = new Machine().runScript(`docker pull alpine >/dev/null; mkdir -p /srv/d; docker run --rm --timeline ${flags} alpine true`)
      return Number(/timeline: +([\d.]+) ms {2}total/.exec(r.stderr)![1])
    }
    const base = t('')
    expect(t('-p 8080:80')).toBeGreaterThan(base + 10)
    expect(t('--network none')).toBeLessThan(base - 50)
    expect(t('-v /srv/d:/data')).toBeGreaterThan(base)
  })
})
