// Isolation of devpts instances (Documentation/filesystems/devpts.rst: "ptys
// and their indices allocated in one mount are independent from ptys and their
// indices in all other mounts"): whatever ptys one instance opens and closes,
// another instance lists exactly its own, each /dev/pts/N names its own pair
// (bytes typed into it come out of its own master's slave only), and indices
// are the lowest free ones (pty(7), devpts_new_index).
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { O_NOCTTY, O_RDWR, type Kpid } from '../abi/index.ts'
import { TIOCGPTN, TIOCSPTLCK } from '../abi/termios.ts'
import { harness, type Harness } from '../testing/harness.ts'

type Op = { kind: 'open'; inst: number } | { kind: 'close'; inst: number; pick: number }
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: 1 }).map((inst) => ({ kind: 'open' as const, inst })),
  fc.record({ inst: fc.integer({ min: 0, max: 1 }), pick: fc.nat() }).map((r) => ({ kind: 'close' as const, ...r })),
)
const DIRS = ['/a', '/b']

function ls(h: Harness, pid: Kpid, dir: string): string[] {
  const fd = h.open(pid, dir)
  const names = (h.call(pid, 'getdents', fd) as { name: string }[]).map((d) => d.name).filter((n) => n !== '.' && n !== '..' && n !== 'ptmx')
  h.call(pid, 'close', fd)
  return names.sort((x, y) => Number(x) - Number(y))
}

describe('devpts instances are independent', () => {
  test.prop([fc.array(op, { minLength: 1, maxLength: 40 })], { numRuns: 30 })('each instance lists its own ptys, with the lowest free indices, and each slave is its own master\'s', (ops) => {
    const h = harness()
    const p = h.spawn()
    for (const d of DIRS) {
      h.call(p, 'mkdir', d, 0o755)
      h.call(p, 'mount', 'devpts', d, 'devpts', 0, 'newinstance,ptmxmode=0666')
    }
    const open: { fd: number; n: number }[][] = [[], []]
    for (const o of ops) {
      const mine = open[o.inst]!
      if (o.kind === 'open') {
        const fd = h.open(p, `${DIRS[o.inst]}/ptmx`, O_RDWR | O_NOCTTY)
        expect(fd).toBeGreaterThanOrEqual(0)
        h.call(p, 'ioctl', fd, TIOCSPTLCK, 0)
        const n = h.call(p, 'ioctl', fd, TIOCGPTN) as number
        let lowest = 0
        while (mine.some((x) => x.n === lowest)) lowest++
        expect(n).toBe(lowest)
        mine.push({ fd, n })
      } else if (mine.length > 0) {
        const [x] = mine.splice(o.pick % mine.length, 1)
        h.call(p, 'close', x!.fd)
      }
      for (let i = 0; i < 2; i++) expect(ls(h, p, DIRS[i]!)).toEqual(open[i]!.map((x) => String(x.n)).sort((a, b) => Number(a) - Number(b)))
    }
    // Every live slave belongs to its own master: typed into master, read from that instance's node.
    for (let i = 0; i < 2; i++) {
      for (const x of open[i]!) {
        const s = h.open(p, `${DIRS[i]}/${x.n}`, O_RDWR | O_NOCTTY)
        h.call(p, 'write', x.fd, `${i}:${x.n}\n`)
        expect(h.call(p, 'read', s, 100)).toBe(`${i}:${x.n}\n`)
        h.call(p, 'close', s)
      }
    }
  })
})
