// The live view tells the truth after the fact: alerts keep who failed and who
// held the table (names, places, fd counts) after both have gone; containers
// are called by their names; VMs stand in the layers with their guest kernels.
import { describe, expect, it } from 'vitest'
import { runSlice } from '../../kernel-sim/index.ts'
import { Machine } from './machine.ts'

describe('live view alerts (recorded at the ENFILE, not rebuilt from the living)', () => {
  it('names the culprit and the victim after both exited, and counts repeats instead of listing them', () => {
    const m = new Machine({})
    // Root may exceed fs.file-max (alloc_empty_file: !capable(CAP_SYS_ADMIN)), so the victim is nobody.
    const r = m.runScript(`echo 300 > /proc/sys/fs/file-max; ulimit -n 1000; fdflood --hold & sleep 1
      setpriv --reuid=65534 --regid=65534 --clear-groups cat /etc/hostname
      setpriv --reuid=65534 --regid=65534 --clear-groups cat /etc/hostname
      kill %1; wait`)
    expect(r.stderr).toContain('Too many open files in system')
    const v = m.view()
    expect(v.processes.some((p) => p.comm === 'fdflood' || p.comm === 'cat')).toBe(false)
    expect(v.alerts).toHaveLength(1)
    const [a] = v.alerts
    expect(a!.count).toBe(2)
    expect(a!.victim).toMatchObject({ comm: 'cat', place: 'host', errno: 'ENFILE', fds: 3, nofile: 1000 })
    expect(a!.culprit).toMatchObject({ comm: 'fdflood', place: 'host', fds: 1000 })
  })

  it('calls containers by their names, and keeps them after docker rm', () => {
    const m = new Machine({})
    m.runScript(`docker pull alpine >/dev/null; echo 400 > /proc/sys/fs/file-max
      docker run -d --name hog alpine fdflood --hold >/dev/null; sleep 2
      docker run --rm --name victim alpine cat /etc/hostname; docker rm -f hog`)
    const cat = m.view().alerts.find((a) => a.victim.comm === 'cat')
    expect(cat?.victim.place).toBe('container victim')
    expect(cat?.culprit).toMatchObject({ comm: 'fdflood', place: 'container hog' })
    expect(cat!.culprit!.fds).toBeGreaterThan(300)
  })

  it('a running container is a place named as docker run --name said', () => {
    const m = new Machine({})
    const t = m.openTerminal({ cols: 80, rows: 24, onOutput: () => {} })
    t.inputLine('docker pull alpine >/dev/null; docker run -d --name web alpine sleep 1000 >/dev/null')
    for (let i = 0; i < 200 && !m.view().processes.some((p) => p.comm === 'sleep'); i++) runSlice(m.kernel, 20_000, m.kernel.s.nowNs + 1e9) // a virtual second per call, not paced to real time
    expect(m.view().processes.filter((p) => p.comm === 'sleep').map((p) => p.place)).toEqual(['container web'])
  })
})

describe('live view VMs', () => {
  it('lists each VM with its state, and a running one with its guest kernel and containers', () => {
    const m = new Machine({})
    m.runScript('vm create web1; vm create idle; vm start -q web1')
    const vms = m.view().vms ?? []
    expect(vms.map((x) => [x.name, x.state])).toEqual([['web1', 'running'], ['idle', 'defined']])
    expect(vms[0]!.guest?.kernelRelease).toMatch(/^\d+\.\d+/)
    expect(vms[0]!.guest?.containers).toEqual([])
    expect(vms[0]!.vmmPid).toBeGreaterThan(0)
    expect(m.view().processes.some((p) => p.pid === vms[0]!.vmmPid)).toBe(true)
  })
})

describe('live view isolation events', () => {
  it('lists what the kernel refused, with the process, and counts a run of repeats once', () => {
    const m = new Machine({})
    m.runScript('ulimit -n 64; fdflood; fdflood')
    const ev = m.view().events ?? []
    const emfile = ev.filter((e) => e.kind === 'EMFILE')
    expect(emfile.length).toBeGreaterThanOrEqual(1)
    expect(emfile.at(-1)).toMatchObject({ comm: 'fdflood' })
    expect(ev.length).toBeLessThanOrEqual(10)
  })
})

describe('the cheap clock', () => {
  it('nowNs() is the view\'s time without building a view', () => {
    const m = new Machine({})
    m.runScript('sleep 2')
    expect(m.nowNs()).toBe(m.view().nowNs)
    expect(m.nowNs()).toBeGreaterThan(2e9)
  })
})

describe('the threat model in the view', () => {
  it('each process carries CapEff, Seccomp and attr/current as /proc says them', () => {
    const m = new Machine({})
    const t = m.openTerminal({ cols: 80, rows: 24, onOutput: () => {} })
    t.inputLine('docker pull alpine >/dev/null; docker run -d --name web alpine sleep 1000 >/dev/null; docker run -d --privileged --name priv alpine sleep 1000 >/dev/null')
    for (let i = 0; i < 200 && m.view().processes.filter((p) => p.comm === 'sleep').length < 2; i++) runSlice(m.kernel, 20_000, m.kernel.s.nowNs + 1e9)
    const v = m.view()
    const web = v.processes.find((p) => p.place === 'container web' && p.comm === 'sleep')
    const priv = v.processes.find((p) => p.place === 'container priv' && p.comm === 'sleep')
    // Docker's default set is CapEff 00000000a80425fb (capabilities(7)); its default seccomp profile is a filter (mode 2).
    expect(web).toMatchObject({ capEff: '00000000a80425fb', seccomp: 2, lsm: 'docker-default (enforce)' })
    // --privileged: every capability, no seccomp filter, no AppArmor profile (docker run reference).
    expect(priv).toMatchObject({ capEff: '000001ffffffffff', seccomp: 0, lsm: 'unconfined' })
  })

  it('a successful CVE-2022-0185 exploit records its blast radius from the process\'s state: host, the other containers', () => {
    const m = new Machine({ versions: { kernel: '5.16.1' } })
    m.runScript(`docker run -d --name victim alpine sleep infinity >/dev/null
      docker run --name atk --security-opt seccomp=unconfined isolab/exploits exploit CVE-2022-0185`)
    const v = m.view()
    expect(v.breaches).toHaveLength(1)
    expect(v.breaches![0]).toMatchObject({ comm: 'exploit', from: 'container atk', reached: { host: true, containers: ['victim'], vms: [] } })
    expect(v.breaches![0]!.what).toContain('commit_creds(prepare_kernel_cred(0))')
    expect(v.events!.some((e) => e.kind === 'EXPLOIT')).toBe(true)
  })

  it('the same exploit on the default (fixed) kernel reaches nothing: no breach, no exploit event', () => {
    const m = new Machine({})
    const r = m.runScript('docker run --rm --security-opt seccomp=unconfined isolab/exploits exploit CVE-2022-0185')
    expect(r.stdout + r.stderr).toMatch(/EINVAL|Invalid argument/)
    const v = m.view()
    expect(v.breaches).toBeUndefined()
    expect(v.events!.some((e) => e.kind === 'EXPLOIT')).toBe(false)
  })
})

describe('files.peak (the kernel reports each open through KernelHost.fileOpened)', () => {
  it('keeps a flood that came and went between two views, then starts a new interval', () => {
    const m = new Machine({})
    m.view()
    m.runScript('ulimit -n 64; fdflood')
    const v = m.view()
    expect(v.files.nr).toBeLessThan(20)
    expect(v.files.peak).toBeGreaterThanOrEqual(64)
    expect(m.view().files.peak).toBe(m.view().files.nr)
  })
})
