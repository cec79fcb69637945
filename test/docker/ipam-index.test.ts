// dockerd's address book (src/runtime/ipam.ts, libnetwork IPAM's bitseq): the
// lowest free address after the gateway, an address freed when its container
// stops or is removed, held while a created container waits
// (docs.docker.com/engine/network/drivers/bridge/; moby libnetwork ipam).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script, { maxSteps: 50_000_000 })
const ip = (name: string) => `echo "${name} $(docker inspect -f '{{.NetworkSettings.IPAddress}}' ${name})"`

describe('docker run: addresses on the default bridge', () => {
  it('are handed out lowest first; a stopped container gives its address back to the next one', () => {
    const r = run(['docker pull alpine >/dev/null',
      'for n in ca cb cc; do docker run -d --name $n alpine sleep 1000 >/dev/null; done',
      'docker kill cb >/dev/null', 'docker run -d --name cd alpine sleep 1000 >/dev/null', 'docker run -d --name ce alpine sleep 1000 >/dev/null',
      ip('ca'), ip('cc'), ip('cd'), ip('ce')].join('; '))
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('ca 172.17.0.2\ncc 172.17.0.4\ncd 172.17.0.3\nce 172.17.0.5\n')
  })

  it('a created container holds its address until docker rm frees it', () => {
    const r = run(['docker pull alpine >/dev/null',
      'docker create --name held alpine true >/dev/null', 'docker run -d --name ca alpine sleep 1000 >/dev/null',
      'docker rm held >/dev/null', 'docker run -d --name cb alpine sleep 1000 >/dev/null', ip('ca'), ip('cb')].join('; '))
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('ca 172.17.0.3\ncb 172.17.0.2\n')
  })

  it('docker start takes its old address back when it is still free, else the lowest free one', () => {
    const r = run(['docker pull alpine >/dev/null',
      'docker run -d --name ca alpine sleep 1000 >/dev/null', 'docker run -d --name cb alpine sleep 1000 >/dev/null',
      'docker kill ca cb >/dev/null', 'docker run -d --name cc alpine sleep 1000 >/dev/null', 'docker start cb >/dev/null', 'docker start ca >/dev/null',
      ip('ca'), ip('cb'), ip('cc')].join('; '))
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('ca 172.17.0.4\ncb 172.17.0.3\ncc 172.17.0.2\n')
  })
})
