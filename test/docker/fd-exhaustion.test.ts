// scenarios/docker/fd-exhaustion.sh, the seed's central example: "Container A
// allocates 1 million connections, exhausting the kernel's file descriptor
// limit. Now container B can't create network connections." The scenario is
// written for an 8 GiB host (file-max 838860); here it runs on a 512 MiB host
// (file-max 512 MiB / 10 KiB = 52428) to keep the test short: the same lesson
// at a smaller scale. proc_sys_fs(5), socket(2), connect(2), ip(7).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const ENFILE = 'failed: Too many open files in system (ENFILE)'
const B_FAILS = `fdflood: opened 0 connections; socket(AF_INET, SOCK_STREAM) ${ENFILE}`

describe('scenarios/docker/fd-exhaustion (on a 512 MiB host: file-max 52428)', () => {
  const m = new Machine({ memoryBytes: 512 * 2 ** 20 })
  const r = m.runScript(readFileSync(new URL('../../scenarios/docker/fd-exhaustion.sh', import.meta.url), 'utf8'), { maxSteps: 1e9 })
  const out = r.stdout.split('\n')
  const section = (title: string) => {
    const i = out.findIndex((l) => l.startsWith(`== ${title}`))
    expect(i).toBeGreaterThanOrEqual(0)
    const j = out.findIndex((l, n) => n > i && l.startsWith('== '))
    return out.slice(i + 1, j < 0 ? undefined : j)
  }

  it('the host: file-max from RAM, the ephemeral port range, a container routed via docker0', () => {
    expect(section('the host')).toEqual([
      'fs.file-max: 52428', 'ephemeral ports: 32768\t60999', "a container's routes:",
      'default via 172.17.0.1 dev eth0', '172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2',
    ])
  })

  it('one destination gives exactly 28232 connections, then EADDRNOTAVAIL', () => {
    expect(section('one destination')).toEqual([
      'fdflood: opened 28232 connections; connect(203.0.113.1:80) failed: Cannot assign requested address (EADDRNOTAVAIL)',
    ])
  })

  it('A\'s two processes fill the system-wide table (ENFILE), B\'s first connection fails, so does an unprivileged host user', () => {
    const a = section('container A')
    expect(a).toHaveLength(3)
    const counts = a.slice(0, 2).map((l) => Number(new RegExp(`^fdflood: opened (\\d+) connections; socket\\(AF_INET, SOCK_STREAM\\) ${ENFILE.replace(/[()]/g, '\\$&')}$`).exec(l)?.[1]))
    expect(counts.every((n) => n > 20000)).toBe(true)
    // file-nr may pass file-max: root's processes (the shell's $(...), dockerd) exceed it with CAP_SYS_ADMIN (proc_sys_fs(5))
    expect(a[2]).toBe('file-nr (allocated, free, max): 52431\t0\t52428')
    expect(section('container B')).toEqual([B_FAILS])
    expect(section('the host, as an unprivileged user')).toEqual(['cat: /etc/hostname: Too many open files in system', 'after removing A: 8\t0\t52428'])
  })

  it('mitigation 1: --ulimit nofile stops each process at EMFILE and B connects; many processes still fill the table', () => {
    expect(section('mitigation 1')).toEqual([
      'sh: line 1: ulimit: open files: cannot modify limit: Operation not permitted',
      'fdflood: opened 1021 connections; socket(AF_INET, SOCK_STREAM) failed: Too many open files (EMFILE)',
      'fdflood: opened 1021 connections; socket(AF_INET, SOCK_STREAM) failed: Too many open files (EMFILE)',
      'B:', 'fdflood: opened 1 connections',
    ])
    expect(section('... but not the number of processes')).toEqual(['many processes: 52431\t0\t52428', 'B:', B_FAILS])
  })

  it('mitigation 3: --pids-limit bounds the processes, and B connects', () => {
    expect(section('mitigation 3')).toEqual([
      // the shell and 49 fdfloods (pids.max 50) x 1021 connections, with the rest of the host: B still connects.
      'sh: fork: retry: Resource temporarily unavailable', 'with --pids-limit 50: 50141\t0\t52428', 'B:', 'fdflood: opened 1 connections',
    ])
    expect(out.at(-2)).toBe('== the lesson: each knob is per container; fs.file-max is one table for all')
    expect(r.stderr).toBe('')
  })
})

describe('scenarios/docker/fd-exhaustion at full scale: mitigation 2 on the 8 GiB host (file-max 838860)', () => {
  it('--memory 256m: connections are kernel memory charged to A; the OOM killer ends A long before file-max', () => {
    const lines = readFileSync(new URL('../../scenarios/docker/fd-exhaustion.sh', import.meta.url), 'utf8').split('\n')
    const from = lines.findIndex((l) => l.includes('mitigation 2'))
    const part = lines.slice(from, lines.findIndex((l, i) => i > from && l.startsWith('docker rm')) + 1).join('\n')
    const r = new Machine({ memoryBytes: 8 * 2 ** 30 }).runScript(`docker pull alpine >/dev/null\n${part}`, { maxSteps: 1e9 })
    expect(r.stdout).toBe('== mitigation 2: --memory 256m\nwith --memory 256m: OOMKilled=true ExitCode=0\nwith --memory 256m: 8\t0\t838860\n')
  })
})
