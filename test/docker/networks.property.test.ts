// Property (fast-check): Docker's network isolation
// (docs.docker.com/engine/network/drivers/bridge/: "containers connected to
// the same user-defined bridge network ... expose all ports to each other";
// different bridge networks cannot reach each other; a published port is
// reachable through the host). Random servers on random networks: a probe on
// network N reaches server S by address iff S is on N, by name iff N is a
// user-defined network S is on, and S's published port from everywhere.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const NETS = ['bridge', 'n1', 'n2']
const GATEWAY: Record<string, string> = { bridge: '172.17.0.1', n1: '172.18.0.1', n2: '172.19.0.1' }
const SERVER = `sh -c 'while true; do nc -l -p 80 >/dev/null; done'`

test.prop([fc.array(fc.record({ net: fc.constantFrom(...NETS), publish: fc.boolean() }), { minLength: 1, maxLength: 4 })], { numRuns: 8, seed: 7 })(
  'reachable iff same network, or through a published port',
  (servers) => {
    let script = 'docker pull alpine >/dev/null; docker network create n1 >/dev/null; docker network create n2 >/dev/null; '
    servers.forEach((s, i) => {
      script += `docker run -d --name s${i} --network ${s.net}${s.publish ? ` -p ${8000 + i}:80` : ''} alpine ${SERVER} >/dev/null; `
    })
    // The addresses dockerd gave, as inspect reports them.
    servers.forEach((s, i) => {
      script += `echo "s${i} $(docker inspect -f '{{.NetworkSettings.Networks.${s.net}.IPAddress}}' s${i})"; `
    })
    const r1 = new Machine().runScript(script, { maxSteps: 50_000_000 })
    const ips = Object.fromEntries(r1.stdout.trim().split('\n').map((l) => l.split(' ') as [string, string]))
    // One probe container per network tries every server by address, by name, and by its published port.
    let probes = script.replace(/echo "s\d+ [^;]*; /g, '')
    for (const net of NETS) {
      const checks = servers.map((s, i) => {
        const pub = s.publish ? `; nc ${GATEWAY[net]} ${8000 + i} </dev/null 2>/dev/null && echo ${net}:pub:s${i}` : ''
        return `nc ${ips[`s${i}`]} 80 </dev/null 2>/dev/null && echo ${net}:ip:s${i}; nc s${i} 80 </dev/null 2>/dev/null && echo ${net}:name:s${i}${pub}`
      }).join('; ')
      probes += `docker run --rm --network ${net} alpine sh -c '${checks}'; `
    }
    const r = new Machine().runScript(probes, { maxSteps: 50_000_000 })
    const expected: string[] = []
    for (const net of NETS) {
      servers.forEach((s, i) => {
        if (s.net === net) expected.push(`${net}:ip:s${i}`)
        if (s.net === net && net !== 'bridge') expected.push(`${net}:name:s${i}`)
        if (s.publish) expected.push(`${net}:pub:s${i}`)
      })
    }
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(expected)
  },
)
