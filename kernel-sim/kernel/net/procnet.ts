// /proc/net/tcp and /proc/net/unix (proc(5)): the sockets of the reader's network
// namespace, as ss(8) and netstat read them when sock_diag netlink is not used.
// tcp lists listening and connected sockets (the listening and established hash
// tables; a socket that is only bound is not there), addresses as little-endian
// hex; unix lists every AF_UNIX socket with its path. The inode is the one
// /proc/PID/fd shows ("socket:[N]"), which is how ss -p finds the owners.
// SIMPLIFICATION: connections to the world outside (no socket record) are not
// listed; the uid column is 0; timers and retransmits are 0.
import { AF_INET, AF_UNIX } from '../../abi/index.ts'
import { SOCKET_INO_BASE } from '../fd/files.ts'
import type { Kernel } from '../kernel.ts'
import { INIT_INO } from '../ns/core.ts'
import type { Socket, Task } from '../state.ts'

const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0')

/** 127.0.0.1 → 0100007F: the address's bytes in host (little-endian) order. */
function ipHex(addr: string): string {
  const b = addr.split('.').map((x) => Number(x) || 0)
  return b.reverse().map((x) => hex(x & 0xff, 2)).join('')
}

/** Sockets of the viewer's network namespace, each with the inode of its first open file. */
function socketsOf(k: Kernel, viewer: Task): { s: Socket; ino: number }[] {
  const seen = new Map<number, number>()
  for (const f of k.s.files.values()) {
    // a number is a record-less socket (fd/compact.ts), as is an obj < 0
    if (typeof f === 'number' || f.kind !== 'socket' || f.obj < 0 || seen.has(f.obj)) continue
    seen.set(f.obj, SOCKET_INO_BASE + f.id)
  }
  const net = viewer.ns.net
  const out: { s: Socket; ino: number }[] = []
  for (const [id, ino] of [...seen].sort((a, b) => a[1] - b[1])) {
    const s = k.socket(id)
    if (s && (s.netns ?? INIT_INO.net) === net) out.push({ s, ino })
  }
  return out
}

const TCP_STATE: Partial<Record<Socket['state'], number>> = { connected: 0x01, connecting: 0x02, listening: 0x0a }

export function renderNetTcp(k: Kernel, viewer: Task): string {
  let s = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n'
  let i = 0
  for (const { s: sk, ino } of socketsOf(k, viewer)) {
    const st = TCP_STATE[sk.state]
    if (sk.domain !== AF_INET || st === undefined) continue
    const peer = sk.peer >= 0 ? k.socket(sk.peer) : undefined
    const rem = peer ? `${ipHex(peer.localAddr)}:${hex(peer.localPort, 4)}` : '00000000:0000'
    const rx = sk.state === 'listening' ? sk.backlog.length : sk.rx.length
    s += `${String(i++).padStart(4)}: ${ipHex(sk.localAddr || '0.0.0.0')}:${hex(sk.localPort, 4)} ${rem} ${hex(st, 2)} ${hex(0, 8)}:${hex(rx, 8)} 00:00000000 00000000 ${'0'.padStart(5)} ${'0'.padStart(8)} ${ino} 1 0000000000000000 100 0 0 10 0\n`
  }
  return s
}

export function renderNetUnix(k: Kernel, viewer: Task): string {
  let s = 'Num       RefCount Protocol Flags    Type St Inode Path\n'
  for (const { s: sk, ino } of socketsOf(k, viewer)) {
    if (sk.domain !== AF_UNIX) continue
    const flags = sk.state === 'listening' ? 0x10000 : 0 // __SO_ACCEPTCON
    const st = sk.state === 'connected' ? 3 : sk.state === 'connecting' ? 2 : 1 // SS_CONNECTED, SS_CONNECTING, SS_UNCONNECTED
    s += `0000000000000000: ${hex(2, 8)} ${hex(0, 8)} ${hex(flags, 8)} ${hex(sk.type & 0xf, 4)} ${hex(st, 2)} ${String(ino).padStart(5)}${sk.localAddr ? ' ' + sk.localAddr : ''}\n`
  }
  return s
}
