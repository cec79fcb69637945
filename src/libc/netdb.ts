// Host name lookup as glibc's getaddrinfo does it with nsswitch.conf's
// "hosts: files dns": /etc/hosts first (hosts(5): address, canonical name,
// aliases), then each nameserver of /etc/resolv.conf (resolv.conf(5); none
// listed means 127.0.0.1). Errors are gai_strerror's texts: EAI_NONAME when a
// server answered that the name does not exist, EAI_AGAIN when no server answered.
// SIMPLIFICATION: IPv4 only; a query is one line over TCP port 53 answered by
// one line (the address, empty for NXDOMAIN, or SERVFAIL), not DNS messages over UDP.
import { AF_INET, SOCK_STREAM } from '../../kernel-sim/abi/index.ts'
import { close, connect, open, read, socket } from './syscalls.ts'
import { writeAll } from './stdio.ts'
import { O_RDONLY } from '../../kernel-sim/abi/index.ts'
import type { Sys } from './syscalls.ts'

export const EAI_NONAME = 'Name or service not known'
export const EAI_AGAIN = 'Temporary failure in name resolution'

const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

function* slurp(path: string): Sys<string> {
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) return ''
  let s = ''
  for (;;) {
    const d = yield* read(fd, 65536)
    if (typeof d === 'number' || d === '') break
    s += d
  }
  yield* close(fd)
  return s
}

/** hosts(5): the address of the first line naming `name` (case-insensitive), or ''. */
export function hostsLookup(text: string, name: string): string {
  const q = name.toLowerCase()
  for (const line of text.split('\n')) {
    const f = line.replace(/#.*/, '').trim().split(/\s+/)
    if (f.length >= 2 && IPV4.test(f[0]!) && f.slice(1).some((n) => n.toLowerCase() === q)) return f[0]!
  }
  return ''
}

/** The nameservers of resolv.conf(5), in order (at most 3, as MAXNS). */
export function nameservers(text: string): string[] {
  const ns = text.split('\n').map((l) => /^\s*nameserver\s+(\S+)/.exec(l)?.[1]).filter((x): x is string => !!x && IPV4.test(x))
  return ns.length ? ns.slice(0, 3) : ['127.0.0.1']
}

/** One query: the answer line ('' NXDOMAIN, 'SERVFAIL', or an address), or null when the server did not answer. */
export function* query(server: string, name: string): Sys<string | null> {
  const fd = yield* socket(AF_INET, SOCK_STREAM)
  if (fd < 0) return null
  const a = yield* exchange(fd, server, name)
  yield* close(fd)
  return a
}

function* exchange(fd: number, server: string, name: string): Sys<string | null> {
  if ((yield* connect(fd, { family: 'inet', addr: server, port: 53 })) < 0) return null
  if ((yield* writeAll(fd, name + '\n')) < 0) return null
  let a = ''
  while (!a.includes('\n')) {
    const d = yield* read(fd, 512)
    if (typeof d === 'number') return null
    if (d === '') break
    a += d
  }
  return a.includes('\n') ? a.split('\n')[0]!.trim() : null
}

/** getaddrinfo(name) for IPv4: { addr } or { error } (a gai_strerror text). */
export function* resolveHost(name: string): Sys<{ addr: string } | { error: string }> {
  if (IPV4.test(name)) return { addr: name }
  const fromHosts = hostsLookup(yield* slurp('/etc/hosts'), name)
  if (fromHosts) return { addr: fromHosts }
  if (name.toLowerCase() === 'localhost') return { addr: '127.0.0.1' }
  for (const server of nameservers(yield* slurp('/etc/resolv.conf'))) {
    const a = yield* query(server, name)
    if (a === null || a === 'SERVFAIL') continue // the next server, as the resolver does
    return a && IPV4.test(a) ? { addr: a } : { error: EAI_NONAME }
  }
  return { error: EAI_AGAIN }
}
