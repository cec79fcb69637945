// Container density and start-up (issue 5, Performance): 1,000 containers
// started with `docker run -d` on one host (≤ 2 s wall), then `docker ps` over
// them (≤ 100 ms wall). Also reports the virtual start-up time of one
// `docker run --rm alpine true` (the seed's 100-500 ms) and the memory the
// kernel charges per container, and the inodes one adds (its overlay2 layer:
// the same whatever the image's size).
import { Machine } from '../src/host/machine.ts'

export const name = 'docker'
export const runs = 3

const N = Number(process.env.CONTAINERS ?? 1000)

export function run() {
  const m = new Machine({ memoryBytes: 32 * 2 ** 30 })
  const warm = m.runScript('docker pull alpine >/dev/null && docker run --rm alpine true')
  if (warm.status !== 0) throw new Error(`warm-up failed: ${warm.stderr}`)
  const t0 = m.kernel.s.nowNs
  m.runScript('docker run --rm alpine true')
  const startupMs = (m.kernel.s.nowNs - t0) / 1e6
  const memBefore = m.memory()
  const inodesBefore = m.kernel.s.inodes.size
  let inodesAfter = inodesBefore
  // One script (between scripts an idle machine fast-forwards its clock and the sleeps would end).
  let out = ''
  let memAfter = memBefore
  let tPs = 0
  let tPsBegin = 0
  let tPsEnd = 0
  let cpuStart = 0
  let cpuPsBegin = 0
  let cpuPs = 0
  // CPU time too: the machine is shared, and wall time is noisy when others run.
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
  const c0 = cpuMs()
  const w0 = performance.now()
  // `docker ps` is timed to the end of its output ("end"), not to runScript's return: after the script
  // the idle machine fast-forwards its clock past the containers' `sleep 100000`, and what it then runs
  // for init to reap (the first thousand containers' exits, about 0.7 s of CPU) is not `docker ps`.
  const r = m.runScript(`for i in $(seq ${N}); do docker run -d alpine sleep 100000 >/dev/null || exit 1; done; echo ps; docker ps | wc -l; echo end`, {
    maxSteps: 1e9,
    onStdout: (s) => {
      if (s === 'ps\n') {
        tPs = performance.now()
        cpuStart = cpuMs() - c0
        memAfter = m.memory()
        inodesAfter = m.kernel.s.inodes.size
        tPsBegin = performance.now() // (the memory and inode counts above are the bench's, not docker ps's)
        cpuPsBegin = cpuMs()
      } else if (s === 'end\n') {
        tPsEnd = performance.now()
        cpuPs = cpuMs() - cpuPsBegin
      } else out += s
    },
  })
  if (r.status !== 0) throw new Error(`start failed: ${r.stderr}`)
  if (out.trim() !== String(N + 1)) throw new Error(`docker ps listed ${out.trim()} lines`)
  const startWall = tPs - w0
  const psWall = tPsEnd - tPsBegin
  const used = (x: typeof memBefore) => x.used
  return {
    [`${N} containers start (ms wall)`]: Math.round(startWall),
    [`${N} containers start (ms CPU)`]: Math.round(cpuStart),
    'docker ps over them (ms wall)': Math.round(psWall),
    'docker ps over them (ms CPU)': Math.round(cpuPs),
    'docker run --rm alpine true (virtual ms)': Math.round(startupMs),
    'kernel memory per container (KiB)': Math.round((used(memAfter) - used(memBefore)) / N / 1024),
    // overlay2: a container's layer (diff, work, merged, link, l/ symlink, /etc files), not a copy of the image.
    'inodes per container': Math.round((inodesAfter - inodesBefore) / N),
  }
}
