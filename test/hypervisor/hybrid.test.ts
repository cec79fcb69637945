// The seed's hybrid model, "the production standard": containers run inside a
// VM (GKE/EKS/AKS nodes, Docker Desktop). The guest kernel runs the container
// runtime; the host sees only the VM's VMM process, not the guest's dockerd or
// containers.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('containers inside a VM', () => {
  it('a guest runs docker; its containers are invisible to the host', () => {
    const m = new Machine({ memoryBytes: 16 * 2 ** 30 })
    expect(m.runScript('vm create node1 --memory 2G >/dev/null && vm start -q node1 >/dev/null').status).toBe(0)
    const inGuest = m.runScript('vm exec node1 -- "docker run -d --name app nginx >/dev/null 2>&1; docker ps; hostname; ps -e | grep -c nginx"')
    const lines = inGuest.stdout.split('\n')
    expect(lines[1]).toMatch(/^[0-9a-f]{12} {3}nginx .* app$/)
    expect(lines.slice(2)).toEqual(['node1', '1', ''])
    const onHost = m.runScript('ps -e | grep -cE "nginx|dockerd" ; ps -e | grep -c qemu-system')
    expect(onHost.stdout).toBe('0\n1\n')
  })
})
