// The world outside the machine: what answers a TCP SYN that left through the
// host's uplink (eth0, default route via 10.0.2.2). The remote servers are the
// RFC 5737 documentation networks, so no real address is implied:
//   192.0.2.0/24 (TEST-NET-1), 198.51.100.0/24 (TEST-NET-2), 203.0.113.0/24
//   (TEST-NET-3): every host .1-.254 is a web server listening on TCP 80 and
//   443; any other port answers RST (ECONNREFUSED, tcp(7)).
// Every other outside address is a host that never answers.
// A connection to a remote server costs this machine one open file, one socket
// and one ephemeral port; the server's side lives on another machine.
// SIMPLIFICATION: a SYN nobody answers fails with ETIMEDOUT at once; Linux
// retransmits it tcp_syn_retries (6) times and gives up after about 127 s.
// SIMPLIFICATION: servers accept whatever is written and never reply (a read
// blocks, or EAGAIN when non-blocking), as a server still waiting for the end
// of a request would.
import { E } from '../../abi/index.ts'

/** The three /24 networks of RFC 5737, as their first three octets. */
const SERVER_NETS = ['192.0.2.', '198.51.100.', '203.0.113.']

/** Is `addr` one of the simulated remote servers? */
export function remoteServer(addr: string): boolean {
  for (const net of SERVER_NETS) {
    if (!addr.startsWith(net)) continue
    const host = Number(addr.slice(net.length))
    return Number.isInteger(host) && host >= 1 && host <= 254
  }
  return false
}

/** What the far end answers a SYN to addr:port with: 0 (SYN-ACK), -ECONNREFUSED (RST) or -ETIMEDOUT (nothing). */
export function remoteAnswer(addr: string, port: number): number {
  if (!remoteServer(addr)) return -E.ETIMEDOUT
  return port === 80 || port === 443 ? 0 : -E.ECONNREFUSED
}
