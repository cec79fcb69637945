// ss(8) (iproute2 6.1): sockets of this network namespace, read from
// /proc/net/tcp and /proc/net/unix (ss's fallback when sock_diag is absent).
// -t TCP, -x unix, -l listening only, -a all, -n numeric ports, -p the owning
// processes (users:(("nc",pid=7,fd=3)), found through /proc/PID/fd), -s the
// summary. Columns as ss renders them: the address right-aligned against
// ":Port" (a unix socket's path and inode are separated by a space), and
// "Process" right after the peer's port column.
// SIMPLIFICATION: a listener's Send-Q (its backlog) is SOMAXCONN, 4096: the
// backlog is not in /proc/net/tcp.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { O_RDONLY } from '../../../kernel-sim/abi/index.ts'
import { close, getdents, open, out, readlink, type Sys } from '../../libc/index.ts'
import { has, parseOpts } from '../lib/cmd.ts'
import { readFile } from '../lib/io.ts'

const LONG = [
  { name: 'tcp', hasArg: 'no', val: 't' }, { name: 'unix', hasArg: 'no', val: 'x' }, { name: 'listening', hasArg: 'no', val: 'l' },
  { name: 'all', hasArg: 'no', val: 'a' }, { name: 'numeric', hasArg: 'no', val: 'n' }, { name: 'processes', hasArg: 'no', val: 'p' },
  { name: 'summary', hasArg: 'no', val: 's' },
] as const

const USAGE = `Usage: ss [ OPTIONS ]
   -h, --help          this message
   -n, --numeric       don't resolve service names
   -a, --all           display all sockets
   -l, --listening     display listening sockets
   -p, --processes     show process using socket
   -s, --summary       show socket usage summary
   -t, --tcp           display only TCP sockets
   -x, --unix          display only Unix domain sockets`

/** /etc/services names ss prints without -n. */
const SERVICES: Record<number, string> = { 21: 'ftp', 22: 'ssh', 25: 'smtp', 53: 'domain', 80: 'http', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 6379: 'redis', 8080: 'http-alt' }

interface Row { netid: string; state: string; recvQ: number; sendQ: number; local: [string, string]; peer: [string, string]; ino: number }

const TCP_STATES: Record<string, string> = { '01': 'ESTAB', '02': 'SYN-SENT', '0A': 'LISTEN', '07': 'UNCONN' }

function ip(h: string): string {
  return [6, 4, 2, 0].map((i) => parseInt(h.slice(i, i + 2), 16)).join('.')
}

function* tcpRows(numeric: boolean): Sys<Row[]> {
  const text = yield* readFile('/proc/net/tcp')
  if (typeof text !== 'string') return []
  const port = (h: string, listening: boolean) => {
    const n = parseInt(h, 16)
    if (n === 0 && listening) return '*'
    return numeric ? String(n) : SERVICES[n] ?? String(n)
  }
  return text.split('\n').slice(1).filter(Boolean).map((l) => {
    const f = l.trim().split(/\s+/)
    const [la, lp] = f[1]!.split(':') as [string, string]
    const [ra, rp] = f[2]!.split(':') as [string, string]
    const state = TCP_STATES[f[3]!] ?? 'UNCONN'
    const rx = parseInt(f[4]!.split(':')[1]!, 16)
    const listen = state === 'LISTEN'
    return {
      netid: 'tcp', state, recvQ: rx, sendQ: listen ? 4096 : 0, local: [ip(la), port(lp, false)], peer: [ip(ra), port(rp, listen)], ino: Number(f[9]),
    }
  })
}

function* unixRows(): Sys<Row[]> {
  const text = yield* readFile('/proc/net/unix')
  if (typeof text !== 'string') return []
  return text.split('\n').slice(1).filter(Boolean).map((l) => {
    const f = l.trim().split(/\s+/)
    const listen = (parseInt(f[3]!, 16) & 0x10000) !== 0
    const st = f[5]!
    return {
      netid: 'u_str', state: listen ? 'LISTEN' : st === '03' ? 'ESTAB' : 'UNCONN', recvQ: 0, sendQ: listen ? 4096 : 0,
      local: [f[7] ?? '*', f[6]!], peer: ['*', '0'], ino: Number(f[6]),
    }
  })
}

/** socket inode → users:(("comm",pid=N,fd=M),...) from /proc/PID/fd, as ss -p builds it. */
function* owners(): Sys<Map<number, string[]>> {
  const map = new Map<number, string[]>()
  const fd = yield* open('/proc', O_RDONLY)
  if (fd < 0) return map
  const ents = yield* getdents(fd)
  yield* close(fd)
  if (typeof ents === 'number') return map
  for (const pid of ents.map((e) => e.name).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b)) {
    const dfd = yield* open(`/proc/${pid}/fd`, O_RDONLY)
    if (dfd < 0) continue
    const fds = yield* getdents(dfd)
    yield* close(dfd)
    if (typeof fds === 'number') continue
    const comm = yield* readFile(`/proc/${pid}/comm`)
    for (const n of fds.map((e) => e.name).filter((x) => /^\d+$/.test(x)).map(Number).sort((a, b) => a - b)) {
      const target = yield* readlink(`/proc/${pid}/fd/${n}`)
      const m = typeof target === 'string' ? /^socket:\[(\d+)\]$/.exec(target) : null
      if (!m) continue
      const list = map.get(Number(m[1])) ?? []
      list.push(`("${typeof comm === 'string' ? comm.trim() : '?'}",pid=${pid},fd=${n})`)
      map.set(Number(m[1]), list)
    }
  }
  return map
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'txlanps', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const tcp = has(p, 't') || !has(p, 'x')
  const unix = has(p, 'x') || !has(p, 't')
  let rows = [...(tcp ? yield* tcpRows(has(p, 'n')) : []), ...(unix ? yield* unixRows() : [])]
  if (has(p, 's')) {
    const all = [...(yield* tcpRows(true)), ...(yield* unixRows())]
    const t = all.filter((r) => r.netid === 'tcp')
    const estab = t.filter((r) => r.state === 'ESTAB').length
    const line = (name: string, a: number, b: number, c: number) => `${name}\t  ${String(a).padEnd(9)} ${String(b).padEnd(9)} ${String(c).padEnd(9)}\n`
    yield* out(`Total: ${all.length}\nTCP:   ${t.length} (estab ${estab}, closed 0, orphaned 0, timewait 0)\n\nTransport Total     IP        IPv6\n` +
      line('RAW', 0, 0, 0) + line('UDP', 0, 0, 0) + line('TCP', t.length, t.length, 0) + line('INET', t.length, t.length, 0) + line('FRAG', 0, 0, 0) + '\n')
    return 0
  }
  // Default: connected sockets; -l: listening ones only; -a: both.
  rows = rows.filter((r) => (has(p, 'a') ? true : has(p, 'l') ? r.state === 'LISTEN' : r.state !== 'LISTEN' && r.state !== 'UNCONN'))
  const users = has(p, 'p') ? yield* owners() : new Map<number, string[]>()
  const netid = !(has(p, 't') && !has(p, 'x'))
  const header = { netid: 'Netid', state: 'State', recvQ: 'Recv-Q', sendQ: 'Send-Q', la: 'Local Address', lp: 'Port', pa: 'Peer Address', pp: 'Port', proc: 'Process' }
  const cells = rows.map((r) => ({
    netid: r.netid, state: r.state, recvQ: String(r.recvQ), sendQ: String(r.sendQ), la: r.local[0], lp: r.local[1], pa: r.peer[0], pp: r.peer[1],
    sep: r.netid === 'tcp' ? ':' : ' ',
    proc: users.has(r.ino) ? `users:(${users.get(r.ino)!.join(',')})` : '',
  }))
  const all = [{ ...header, sep: ':' }, ...cells]
  const w = (k: keyof typeof header) => Math.max(...all.map((c) => c[k].length))
  const line = (c: typeof header & { sep: string }) =>
    ((netid ? c.netid.padEnd(w('netid')) + ' ' : '') + c.state.padEnd(w('state')) + ' ' + c.recvQ.padEnd(w('recvQ')) + ' ' + c.sendQ.padEnd(w('sendQ')) + ' ' +
      c.la.padStart(w('la')) + c.sep + c.lp.padEnd(w('lp')) + ' ' + c.pa.padStart(w('pa')) + c.sep + c.pp.padEnd(w('pp')) + c.proc).trimEnd() + '\n'
  yield* out(all.map(line).join(''))
  return 0
}

export { main as ssProgramMain }
