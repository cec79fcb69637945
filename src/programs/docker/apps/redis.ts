// redis-server and redis-cli of the redis image: the server's start-up log as
// `docker logs` shows it (server.c: the "oO0OoO0OoO0Oo" banner, the version
// line, "Ready to accept connections tcp"), a listener on port 6379 speaking
// enough RESP for PING, ECHO, SET, GET, DEL and INCR, and the shutdown lines
// on SIGTERM/SIGINT. redis-cli sends one command and prints the reply as
// redis-cli does (PONG, "quoted" bulk strings, (integer) N, (nil)).
// SIMPLIFICATION: one connection at a time, one command per request, no
// persistence (the "DB saved on disk" line is printed, nothing is written).
import { AF_INET, CLOCK_REALTIME, SIG, SOCK_STREAM, strerror, TCGETS, type Program } from '../../../../kernel-sim/abi/index.ts'
import { accept, bind, clockGettime, close, connect, err, getenv, getpid, ioctl, listen, out, read, sigaction, sigtake, socket, writeAll, type Sys } from '../../../libc/index.ts'
import { civil, MONTHS } from '../../lib/time.ts'
import type { ProgramInfo } from '../../lib/types.ts'

const PORT = 6379
/** Keys before the server answers -OOM (its maxmemory, kept small: values live in the simulator's heap). */
const MAX_KEYS = 10_000
const p2 = (n: number) => String(n).padStart(2, '0')

/** serverLogRaw's time: "07 Dec 2026 16:20:00.123". */
function* logTime(): Sys<string> {
  const c = civil(yield* clockGettime(CLOCK_REALTIME))
  return `${p2(c.day)} ${MONTHS[c.month - 1]} ${c.year} ${p2(c.hour)}:${p2(c.min)}:${p2(c.sec)}.${String(Math.floor(c.nsec / 1e6)).padStart(3, '0')}`
}

/** The words of a request: a RESP array (*N $len word ...) or an inline command. */
export function parseRequest(req: string): string[] {
  if (req.startsWith('*')) {
    const lines = req.split('\r\n')
    const words: string[] = []
    for (let i = 1; i < lines.length; i++) if (lines[i]!.startsWith('$')) words.push(lines[++i] ?? '')
    return words
  }
  return req.trim().split(/\s+/).filter(Boolean)
}

const bulk = (s: string | undefined) => (s === undefined ? '$-1\r\n' : `$${s.length}\r\n${s}\r\n`)

/** One command's RESP reply (t_string.c, server.c's messages). */
export function reply(words: readonly string[], db: Map<string, string>): string {
  const [cmd = '', ...a] = words
  const arity = (n: number) => a.length !== n ? `-ERR wrong number of arguments for '${cmd.toLowerCase()}' command\r\n` : undefined
  switch (cmd.toUpperCase()) {
    case 'PING': return a.length ? bulk(a[0]) : '+PONG\r\n'
    case 'ECHO': return arity(1) ?? bulk(a[0])
    case 'GET': return arity(1) ?? bulk(db.get(a[0]!))
    case 'SET':
      if (a.length < 2) return `-ERR wrong number of arguments for 'set' command\r\n`
      if (!db.has(a[0]!) && db.size >= MAX_KEYS) return "-OOM command not allowed when used memory > 'maxmemory'.\r\n"
      db.set(a[0]!, a[1]!)
      return '+OK\r\n'
    case 'DEL': return `:${a.filter((k) => db.delete(k)).length}\r\n`
    case 'INCR': {
      if (arity(1)) return arity(1)!
      const v = db.get(a[0]!) ?? '0'
      if (!/^-?\d{1,18}$/.test(v)) return '-ERR value is not an integer or out of range\r\n'
      const n = String(BigInt(v) + 1n)
      db.set(a[0]!, n)
      return `:${n}\r\n`
    }
    default:
      return `-ERR unknown command '${cmd}', with args beginning with: ${a.map((x) => `'${x}' `).join('')}\r\n`
  }
}

const STOP: Record<number, string> = { [SIG.SIGTERM]: 'SIGTERM', [SIG.SIGINT]: 'SIGINT' }

function* serverMain(_argv: readonly string[], envp: readonly string[]): Program {
  const pid = yield* getpid()
  const version = getenv(envp, 'REDIS_VERSION') ?? '7.4.1'
  const log = function* (role: string, mark: string, text: string): Sys<void> {
    yield* out(`${pid}:${role} ${yield* logTime()} ${mark} ${text}\n`)
  }
  yield* log('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo')
  yield* log('C', '*', `Redis version=${version}, bits=64, commit=00000000, modified=0, pid=${pid}, just started`)
  yield* log('C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf')
  const s = yield* socket(AF_INET, SOCK_STREAM)
  if (s < 0) return 1
  const b = yield* bind(s, { family: 'inet', addr: '0.0.0.0', port: PORT })
  if (b < 0) {
    yield* log('M', '#', `Warning: Could not create server TCP listening socket *:${PORT}: bind: ${strerror(-b)}`)
    yield* log('M', '#', `Failed listening on port ${PORT} (tcp), aborting.`)
    return 1
  }
  yield* listen(s, 511)
  for (const sig of Object.keys(STOP)) yield* sigaction(Number(sig), 'catch')
  yield* log('M', '*', 'monotonic clock: POSIX clock_gettime')
  yield* log('M', '*', `Running mode=standalone, port=${PORT}.`)
  yield* log('M', '*', 'Server initialized')
  yield* log('M', '*', 'Ready to accept connections tcp')
  const db = new Map<string, string>()
  for (;;) {
    const c = yield* accept(s)
    if (c >= 0) {
      const req = yield* read(c, 65536)
      if (typeof req === 'string' && req !== '') yield* writeAll(c, reply(parseRequest(req), db))
      yield* close(c)
    }
    const sigs = yield* sigtake()
    const sig = typeof sigs === 'number' ? undefined : sigs.find((n) => STOP[n])
    if (sig === undefined) continue
    const secs = Math.floor((yield* clockGettime(CLOCK_REALTIME)) / 1e9)
    yield* out(`${pid}:signal-handler (${secs}) Received ${STOP[sig]} scheduling shutdown...\n`)
    yield* log('M', '*', 'User requested shutdown...')
    yield* log('M', '*', 'Saving the final RDB snapshot before exiting.')
    yield* log('M', '*', 'DB saved on disk')
    yield* log('M', '#', 'Redis is now ready to exit, bye bye...')
    return 0
  }
}

/**
 * redis-cli's rendering of a reply: on a terminal cliFormatReplyTTY ("(integer) 1",
 * "\"quoted\"", "(nil)", "(error) ..."), into a pipe cliFormatReplyRaw (the bare text).
 */
export function render(r: string, tty: boolean): string {
  const text = r.startsWith('$') ? r.slice(r.indexOf('\r\n') + 2, -2) : r.slice(1).replace(/\r\n$/, '')
  if (r.startsWith('$-1')) return tty ? '(nil)' : ''
  if (!tty || r.startsWith('+')) return text
  if (r.startsWith('-')) return `(error) ${text}`
  if (r.startsWith(':')) return `(integer) ${text}`
  return JSON.stringify(text)
}

function* cliMain(argv: readonly string[]): Program {
  let host = '127.0.0.1'
  let port = PORT
  let i = 1
  for (; i < argv.length; i++) {
    if (argv[i] === '-h' && argv[i + 1] !== undefined) host = argv[++i]!
    else if (argv[i] === '-p' && argv[i + 1] !== undefined) port = Number(argv[++i])
    else break
  }
  const words = argv.slice(i)
  if (!words.length) { yield* err('redis-cli: interactive mode is not modelled; give a command: redis-cli ping\n'); return 1 }
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(host) || !(port > 0 && port < 65536)) { yield* err(`Could not connect to Redis at ${host}:${port}: Name or service not known\n`); return 1 }
  const s = yield* socket(AF_INET, SOCK_STREAM)
  if (s < 0) return 1
  const c = yield* connect(s, { family: 'inet', addr: host, port })
  if (c < 0) { yield* err(`Could not connect to Redis at ${host}:${port}: ${strerror(-c)}\n`); return 1 }
  yield* writeAll(s, `*${words.length}\r\n${words.map((w) => `$${w.length}\r\n${w}\r\n`).join('')}`)
  const r = yield* read(s, 65536)
  yield* close(s)
  if (typeof r !== 'string' || r === '') { yield* err('Error: Server closed the connection\n'); return 1 }
  const tty = typeof (yield* ioctl(1, TCGETS)) === 'object' // isatty(1)
  yield* out(render(r, tty) + '\n')
  return 0
}

export const redisServer: ProgramInfo = {
  name: 'redis-server', path: '/usr/local/bin/redis-server', description: "the redis image's server: RESP on port 6379 (PING, ECHO, SET, GET, DEL, INCR)", main: serverMain, imageOnly: true,
}
export const redisCli: ProgramInfo = {
  name: 'redis-cli', path: '/usr/local/bin/redis-cli', description: 'one command to a redis server, its reply as redis-cli prints it', main: cliMain, imageOnly: true,
}
