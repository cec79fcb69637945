// scenarios/docker/fd-exhaustion.yaml, the seed's central example: "Container A
// allocates 1 million connections, exhausting the kernel's file descriptor
// limit. Now container B can't create network connections." Played at its own
// scale, an 8 GiB host (fs.file-max 838860), as `isolab scenario run
// fd-exhaustion` plays it; the transcript against golden/docker-fd-exhaustion.txt.
// proc_sys_fs(5), socket(2), connect(2), ip(7).
import { describe, expect, it } from 'vitest'
import { played } from './play.ts'

const ENFILE = 'failed: Too many open files in system (ENFILE)'
const B_FAILS = `fdflood: opened 0 connections; socket(AF_INET, SOCK_STREAM) ${ENFILE}`
const fd = () => played('docker/fd-exhaustion')

describe('scenarios/docker/fd-exhaustion (8 GiB host: file-max 838860)', () => {
  it('plays with every expectation held; the transcript is the golden one', async () => {
    expect(fd().result.ok).toBe(true)
    await expect(fd().transcript).toMatchFileSnapshot('golden/docker-fd-exhaustion.txt')
  }, 300_000)

  it('the host: file-max from RAM, the ephemeral port range, a container routed via docker0', () => {
    expect(fd().out('host')).toBe('fs.file-max: 838860\nephemeral ports: 32768\t60999\n' +
      "a container's routes:\ndefault via 172.17.0.1 dev eth0\n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2\n")
  })

  it('one destination gives exactly 28232 connections, then EADDRNOTAVAIL', () => {
    expect(fd().out('one-destination')).toBe('fdflood: opened 28232 connections; connect(203.0.113.1:80) failed: Cannot assign requested address (EADDRNOTAVAIL)\n')
  })

  it('A\'s two processes fill the system-wide table (ENFILE); B\'s first connection fails, so does an unprivileged host user', () => {
    const a = fd().out('tenant-a').split('\n')
    const counts = a.slice(0, 2).map((l) => Number(new RegExp(`^fdflood: opened (\\d+) connections; socket\\(AF_INET, SOCK_STREAM\\) ${ENFILE.replace(/[()]/g, '\\$&')}$`).exec(l)?.[1]))
    expect(counts.every((n) => n > 400_000)).toBe(true)
    // file-nr may pass file-max: root's processes (the shell's $(...), dockerd) exceed it with CAP_SYS_ADMIN (proc_sys_fs(5))
    expect(a[2]).toMatch(/^file-nr \(allocated, free, max\): 8388\d\d\t0\t838860$/)
    expect(fd().out('tenant-b')).toBe(`${B_FAILS}\nthe host, as an unprivileged user:\ncat: /etc/hostname: Too many open files in system\nafter removing A: 8\t0\t838860\n`)
  })

  it('mitigation 1: --ulimit nofile stops each process at EMFILE and B connects; many processes still fill the table', () => {
    expect(fd().out('ulimit')).toBe([
      'sh: line 1: ulimit: open files: cannot modify limit: Operation not permitted',
      'fdflood: opened 1021 connections; socket(AF_INET, SOCK_STREAM) failed: Too many open files (EMFILE)',
      'fdflood: opened 1021 connections; socket(AF_INET, SOCK_STREAM) failed: Too many open files (EMFILE)',
      'B:', 'fdflood: opened 1 connections', '',
    ].join('\n'))
    expect(fd().out('many-processes')).toMatch(new RegExp(`^many processes, file-nr: 8388\\d\\d\\t0\\t838860\\nB:\\n${B_FAILS.replace(/[()]/g, '\\$&')}\\n$`))
  })

  it('mitigation 2: connections are kernel memory charged to A; the OOM killer ends A long before file-max', () => {
    expect(fd().out('memory')).toBe('with --memory 256m: OOMKilled=true ExitCode=0\nwith --memory 256m, file-nr: 8\t0\t838860\n')
  })

  it('mitigation 3: --pids-limit bounds the processes, and B connects', () => {
    // the shell and 49 fdfloods (pids.max 50) x 1021 connections, with the rest of the host: B still connects.
    expect(fd().out('pids')).toMatch(/^sh: fork: retry: Resource temporarily unavailable\nwith --pids-limit 50, file-nr: 50\d\d\d\t0\t838860\nB:\nfdflood: opened 1 connections\n$/)
  })
})
