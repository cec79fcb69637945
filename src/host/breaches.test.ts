// The blast radius per exploit: each modelled bug reports itself when its
// mechanism works (the release agent runs, the rewritten runc runs, the cwd
// lands on the host, the page cache changes, the VMM jumps into guest RAM, a
// speculative load carries another VM's byte), and the view says which boxes
// that reached. Inside a VM the guest kernel's reports come up through the
// hypervisor, tagged with the VM, and stop at the guest.
import { describe, expect, it } from 'vitest'
import { CVE_2022_0492 } from '../../kernel-sim/vulns/kernel-cves.ts'
import { Machine } from './machine.ts'
import type { MachineView } from './types.ts'

const exploitEvents = (v: MachineView) => (v.events ?? []).filter((e) => e.kind.startsWith('EXPLOIT'))
const VICTIM = 'docker run -d --name victim alpine sleep infinity >/dev/null 2>&1'
const UNCONFINED = '--security-opt seccomp=unconfined --security-opt apparmor=unconfined'

describe('CVE-2022-0492: reported when the kernel runs the release agent a user namespace set', { timeout: 180_000 }, () => {
  it('from container atk: the agent is host root, reaching the host, its kernel and the other container', () => {
    const m = new Machine({ versions: { kernel: '5.16.5' } })
    m.runScript(`${CVE_2022_0492.demoSetup!}\n${VICTIM}\ndocker run --name atk ${UNCONFINED} isolab/exploits exploit CVE-2022-0492 -- true`)
    const v = m.view()
    expect(v.breaches).toHaveLength(1)
    const b = v.breaches![0]!
    expect(b).toMatchObject({ from: 'container atk', reached: { host: true, kernel: true, containers: ['victim'], vms: [], vmms: [] } })
    expect(b.what).toMatch(/^the kernel ran release_agent \/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/diff\/cmd as root in the initial namespaces \(set from a user namespace by pid \d+\)$/)
    expect(b.vm).toBeUndefined()
    // The step (release_agent written) comes before the success, each once.
    expect(exploitEvents(v).map((e) => e.kind)).toEqual(['EXPLOIT_STEP', 'EXPLOIT'])
  })

  it('the fixed kernel refuses the write: no step, no breach', () => {
    const m = new Machine()
    m.runScript(`${CVE_2022_0492.demoSetup!}\ndocker run --rm ${UNCONFINED} isolab/exploits exploit CVE-2022-0492 -- true`)
    expect(m.view().breaches).toBeUndefined()
    expect(exploitEvents(m.view())).toEqual([])
  })
})

describe('CVE-2019-5736: reported when the rewritten host runc runs, not when it is written', { timeout: 180_000 }, () => {
  const ATTACK = `docker run -d --name attacker isolab/exploits exploit CVE-2019-5736 5 -- true >/dev/null 2>&1
sleep 1; docker exec attacker sh; sleep 1`
  it('runc 1.0.0-rc6: the write is a step; the next docker exec runs the payload as host root, from the attacker\'s container', () => {
    const m = new Machine({ versions: { runc: '1.0.0-rc6' } })
    m.runScript(`exec 2>&1\n${ATTACK}`, { maxSteps: 50_000_000 })
    expect(m.view().breaches).toBeUndefined() // written, not yet run
    expect(exploitEvents(m.view()).map((e) => e.kind)).toEqual(['EXPLOIT_STEP'])
    expect(exploitEvents(m.view())[0]!.detail).toBe("opened the host's /usr/bin/runc for writing through a /proc magic link, from outside the host's mount namespace")
    m.runScript(`docker rm -f attacker >/dev/null; ${VICTIM}; docker exec victim true`, { maxSteps: 50_000_000 })
    const b = m.view().breaches?.[0]
    expect(b).toMatchObject({ from: 'container attacker', reached: { host: true, kernel: true, containers: ['victim'] } })
    expect(b!.what).toMatch(/^execve\("\/usr\/bin\/runc"\): the host's file, rewritten from a container by pid \d+, now runs as this process$/)
  })

  it('the default runc runs from a sealed memfd: nothing is written, nothing reported', () => {
    const m = new Machine()
    m.runScript(`exec 2>&1\n${ATTACK}\ndocker exec attacker true`, { maxSteps: 50_000_000 })
    expect(m.view().breaches).toBeUndefined()
    expect(exploitEvents(m.view())).toEqual([])
  })
})

describe('CVE-2024-21626: reported when runc init\'s chdir lands on the host', { timeout: 180_000 }, () => {
  it('runc 1.1.11, -w /proc/self/fd/N: the host\'s files (and, as root, every container\'s); not its kernel', () => {
    const m = new Machine({ versions: { runc: '1.1.11' } })
    m.runScript(`${VICTIM}\nfor n in $(seq 3 20); do docker run --name leak$n -w /proc/self/fd/$n alpine true 2>/dev/null && break; docker rm leak$n >/dev/null 2>&1; done`)
    const b = m.view().breaches?.[0]
    expect(b).toMatchObject({ reached: { host: true, kernel: false, containers: ['victim'], vms: [] } })
    expect(b!.from).toMatch(/^container leak\d+$/)
    expect(b!.how).toBe("the host's files through its working directory /sys/fs/cgroup, as uid 0")
  })

  it('runc 1.1.12 closes the fd: the chdir fails, nothing reported', () => {
    const m = new Machine({ versions: { runc: '1.1.12' } })
    m.runScript('for n in $(seq 3 20); do docker run --rm -w /proc/self/fd/$n alpine true 2>/dev/null; done')
    expect(m.view().breaches).toBeUndefined()
  })
})

describe('CVE-2022-0847: reported when pipe_write() merges into a page-cache page', { timeout: 180_000 }, () => {
  it('an unprivileged user in one container changes /etc/passwd for every container of the image; the shared kernel\'s page cache', () => {
    const m = new Machine({ versions: { kernel: '5.16.10' } })
    m.runScript(`docker pull alpine >/dev/null 2>&1; ${VICTIM}; docker run -d --name atk isolab/exploits sleep infinity >/dev/null 2>&1
docker exec -u 1000 atk exploit CVE-2022-0847 /etc/passwd 5 y`)
    const b = m.view().breaches?.[0]
    expect(b).toMatchObject({ from: 'container atk', comm: 'exploit', reached: { host: false, kernel: true, vms: [] } })
    // isolab/exploits is built on alpine: its /etc/passwd is the same lower-layer file as victim's.
    expect(b!.reached.containers).toEqual(['atk', 'victim'])
    expect(b!.what).toBe('pipe_write() merged 1 bytes into the page cache of /etc/passwd, a file this process may only read')
  })

  it('the fixed kernel: the write stays in the pipe, nothing reported', () => {
    const m = new Machine()
    m.runScript('echo hello > /tmp/f; chmod 444 /tmp/f; exploit CVE-2022-0847 /tmp/f 2 y')
    expect(m.view().breaches).toBeUndefined()
  })
})

describe('VENOM (CVE-2015-3456): reported by the hypervisor when the VMM jumps into guest RAM', { timeout: 180_000 }, () => {
  const venom = (create = '') => {
    const m = new Machine({ versions: { qemu: '2.2.0' } })
    m.runScript(`${VICTIM}; vm create a --image alpine --memory 256M ${create}; vm start -q a
vm exec a -- 'exploit CVE-2015-3456 -- id'`, { maxSteps: 80_000_000 })
    return m.view()
  }
  it('QEMU as root, unconfined: from VM a, the whole host: its kernel, its containers, every VM and VMM', () => {
    const b = venom().breaches?.[0]
    expect(b).toMatchObject({ from: 'vm a', reached: { host: true, kernel: true, containers: ['victim'], vms: ['a'], vmms: ['a'] } })
    expect(b!.vm).toBeUndefined()
    expect(b!.what).toMatch(/^the VMM \(.+, VM a\) jumped into guest RAM at 0x200000: it runs code the guest wrote$/)
  })

  it('--confine user: the VMM box only', () => {
    const b = venom('--confine user').breaches?.[0]
    expect(b).toMatchObject({ from: 'vm a', reached: { host: false, kernel: false, containers: [], vms: [], vmms: ['a'] } })
    expect(b!.how).toMatch(/^the VMM process, confined \(uid \d+, seccomp 0, unconfined\): not the host$/)
  })
})

describe('side channels: reported by the hypervisor at the first byte that crosses', { timeout: 180_000 }, () => {
  /** Skylake with mitigations=off leaks through both techniques (the side-channel tests' rates). */
  const leak = (cve: string) => {
    const m = new Machine({ versions: { cpu: 'Skylake-Server', mitigations: 'off' } })
    m.runScript(`vm create victim --image alpine --memory 256M; vm create attacker --image alpine --memory 256M
vm start -q victim; vm start -q attacker
vm exec victim -- 'while :; do memread 0x100000 16 > /dev/null; done' &
HPA=$(vm info victim | awk '/Host-physical/ {print $3}' | cut -d- -f1)
vm exec attacker -- "exploit ${cve} --addr=$((HPA + 0x100000)) --len=4"; kill %1`, { maxSteps: 80_000_000 })
    return m.view()
  }
  it.each([
    ['CVE-2018-3646', 'L1TF (L1 terminal fault)'],
    ['CVE-2017-5715', 'Spectre v2 (branch target injection)'],
  ])('%s on Skylake with mitigations=off: from VM attacker, VM victim\'s memory only, once', (cve, name) => {
    const v = leak(cve)
    expect(v.breaches).toHaveLength(1)
    expect(v.breaches![0]).toMatchObject({ from: 'vm attacker', reached: { host: false, kernel: false, containers: [], vms: ['victim'], vmms: [] } })
    expect(v.breaches![0]!.what).toBe(`${name}: a speculative load from VM attacker read VM victim's memory through the shared core's cache`)
  })
})

describe('inside a VM: the guest kernel\'s reports come up through the hypervisor and stop at the guest', { timeout: 180_000 }, () => {
  it('CVE-2022-0185 in a container in VM web1 (guest kernel 5.16.1): the guest\'s userland, kernel and other container; nothing of the host', () => {
    const m = new Machine()
    m.runScript(`vm create web1 --image alpine --memory 1G --kernel 5.16.1; vm start -q web1
vm exec web1 -- 'docker run -d --name victim alpine sleep infinity >/dev/null 2>&1; docker run --name atk --security-opt seccomp=unconfined isolab/exploits exploit CVE-2022-0185'`, { maxSteps: 80_000_000 })
    const v = m.view()
    expect(v.breaches).toHaveLength(1)
    expect(v.breaches![0]).toMatchObject({ vm: 'web1', from: 'container atk', reached: { host: true, kernel: true, containers: ['victim'], vms: [], vmms: [] } })
    expect(v.breaches![0]!.how).toMatch(/^root in the initial namespaces, unconfined: the guest's processes/)
    const ev = exploitEvents(v)
    expect(ev).toHaveLength(1)
    expect(ev[0]).toMatchObject({ kind: 'EXPLOIT', vm: 'web1', comm: 'exploit' })
    // The host's own log (what lab checks count) has no exploit.
    expect(m.events.totals.EXPLOIT).toBe(0)
  })
})
