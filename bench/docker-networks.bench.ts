// User-defined networks at scale: N containers started on one user-defined
// network (each gets a veth on br-<id> and its embedded DNS server), then one
// container resolving and connecting to every one of them by name (N embedded-DNS
// lookups + N TCP connects), and `docker network inspect` over them. Wall times.
import { Machine } from '../src/host/machine.ts'

export const name = 'docker-networks'
export const runs = 3

const N = Number(process.env.CONTAINERS ?? 200)

export function run() {
  const m = new Machine({ memoryBytes: 32 * 2 ** 30 })
  const warm = m.runScript('docker pull alpine >/dev/null && docker network create app >/dev/null')
  if (warm.status !== 0) throw new Error(`warm-up failed: ${warm.stderr}`)
  let tStarted = 0, tResolved = 0
  let out = ''
  const w0 = performance.now()
  const server = `sh -c 'while true; do nc -l -p 80 >/dev/null; done'`
  const r = m.runScript(
    `for i in $(seq ${N}); do docker run -d --name s$i --network app alpine ${server} >/dev/null || exit 1; done; echo started; ` +
    `docker run --rm --network app alpine sh -c 'n=0; for i in $(seq ${N}); do nc s$i 80 </dev/null && n=$((n+1)); done; echo $n'; echo resolved; ` +
    `docker network inspect -f '{{len .Containers}}' app`,
    {
      maxSteps: 1e9,
      onStdout: (s) => {
        if (s === 'started\n') tStarted = performance.now()
        else if (s === 'resolved\n') tResolved = performance.now()
        else out += s
      },
    },
  )
  const tEnd = performance.now()
  if (r.status !== 0) throw new Error(`failed: ${r.stderr}`)
  if (out !== `${N}\n${N}\n`) throw new Error(`unexpected output: ${out}`)
  return {
    containers: N,
    'start all (ms)': Math.round(tStarted - w0),
    'resolve+connect each (ms)': Math.round(tResolved - tStarted),
    'per lookup+connect (ms)': Number(((tResolved - tStarted) / N).toFixed(3)),
    'network inspect (ms)': Math.round(tEnd - tResolved),
  }
}
