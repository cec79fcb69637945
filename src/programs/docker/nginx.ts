// nginx (the image's web server, much reduced): listens on port 80, answers
// each GET with the file under /usr/share/nginx/html (index.html for "/"),
// and logs one access line per request on stdout in nginx's combined format.
// As the container's first process it prints what the official image prints
// at start (`docker logs`): the entrypoint's lines on stdout, then nginx's
// [notice] lines on stderr (error_log is /dev/stderr in the image), as in
// nginx/docker-nginx issue #811's transcript (1.25+ adds 15-local-resolvers).
// SIMPLIFICATION: one connection at a time, HTTP/1.0-style (close after reply).
// SIMPLIFICATION: /docker-entrypoint.sh is folded into nginx (the image's
// ENTRYPOINT stays empty, so `docker ps` shows "nginx -g daemon off;"); no
// worker processes, so no "start worker process N" lines.
import { AF_INET, CLOCK_REALTIME, O_RDONLY, RLIMIT_NOFILE, SIG, SOCK_STREAM, type Program } from '../../../kernel-sim/abi/index.ts'
import {
  accept, bind, clockGettime, close, err, getpeername, getpid, listen, open, out, prlimit, read, readAll, sigaction, sigtake, socket,
  uname, writeAll, type Sys,
} from '../../libc/index.ts'
import { civil, MONTHS } from '../lib/time.ts'

const ENTRYPOINT = `/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
`

const p2 = (n: number) => String(n).padStart(2, '0')

/** error_log time: "2026/11/26 20:44:02". */
function* logTime(): Sys<string> {
  const c = civil(yield* clockGettime(CLOCK_REALTIME))
  return `${c.year}/${p2(c.month)}/${p2(c.day)} ${p2(c.hour)}:${p2(c.min)}:${p2(c.sec)}`
}

/** access_log $time_local: "26/Nov/2026:20:44:02 +0000". */
function* accessTime(): Sys<string> {
  const c = civil(yield* clockGettime(CLOCK_REALTIME))
  return `${p2(c.day)}/${MONTHS[c.month - 1]}/${c.year}:${p2(c.hour)}:${p2(c.min)}:${p2(c.sec)} +0000`
}

const lim = (n: number) => (n === Infinity ? 'infinity' : String(n))

function* startupLog(): Sys<void> {
  const pid = yield* getpid()
  if (pid !== 1) return
  yield* out(ENTRYPOINT)
  const t = yield* logTime()
  const u = yield* uname()
  const nofile = yield* prlimit(0, RLIMIT_NOFILE)
  const [soft, hard] = typeof nofile === 'number' ? [1024, 1024] : nofile
  const n = (m: string) => `${t} [notice] ${pid}#${pid}: ${m}\n`
  yield* err(n('using the "epoll" event method') + n('nginx/1.27.2') + n('built by gcc 12.2.0 (Debian 12.2.0-14) ') +
    n(`OS: Linux ${u.release}`) + n(`getrlimit(RLIMIT_NOFILE): ${lim(soft)}:${lim(hard)}`) + n('start worker processes'))
}

const ROOT = '/usr/share/nginx/html'

/**
 * The master's signal handling (ngx_process.c ngx_signal_handler, ngx_process_cycle.c):
 * TERM/INT "exiting" (fast shutdown), QUIT "shutting down" (graceful, the image's
 * STOPSIGNAL), then "exit" and status 0. As the container's init it must catch them:
 * an uncaught SIGTERM never reaches a pid namespace's init (docker stop would wait and SIGKILL).
 * SIMPLIFICATION: no siginfo, so never "received from PID" (the sender of docker stop is
 * outside the container's pid namespace, where si_pid is 0 and nginx prints no "from").
 */
const STOP: Record<number, [string, string]> = {
  [SIG.SIGTERM]: ['SIGTERM', 'exiting'], [SIG.SIGINT]: ['SIGINT', 'exiting'], [SIG.SIGQUIT]: ['SIGQUIT', 'shutting down'],
}

/** true when a stop signal arrived (its lines logged). */
function* stopRequested(): Sys<boolean> {
  const sigs = yield* sigtake()
  const sig = typeof sigs === 'number' ? undefined : sigs.find((n) => STOP[n])
  if (sig === undefined) return false
  const pid = yield* getpid()
  if (pid !== 1) return true // error_log is /dev/stderr only in the image (startupLog)
  const t = yield* logTime()
  const [name, action] = STOP[sig]!
  yield* err(`${t} [notice] ${pid}#${pid}: signal ${sig} (${name}) received, ${action}\n${t} [notice] ${pid}#${pid}: exit\n`)
  return true
}

export function* nginxMain(): Program {
  const s = yield* socket(AF_INET, SOCK_STREAM)
  if (s < 0) return 1
  const b = yield* bind(s, { family: 'inet', addr: '0.0.0.0', port: 80 })
  if (b < 0) {
    yield* err(`nginx: [emerg] bind() to 0.0.0.0:80 failed (${-b}: ${b === -13 ? 'Permission denied' : 'Address already in use'})\n`)
    return 1
  }
  yield* listen(s, 511)
  for (const sig of Object.keys(STOP)) yield* sigaction(Number(sig), 'catch')
  yield* startupLog()
  for (;;) {
    const c = yield* accept(s)
    if (c < 0) {
      if (yield* stopRequested()) return 0
      continue
    }
    const req = yield* read(c, 8192)
    const line = typeof req === 'string' ? req.split('\r\n')[0]!.split('\n')[0]! : ''
    const path = /^GET (\S+)/.exec(line)?.[1] ?? '/'
    const fd = yield* open(ROOT + (path.endsWith('/') ? path + 'index.html' : path), O_RDONLY)
    const body = fd >= 0 ? yield* readAll(fd) : ''
    if (fd >= 0) yield* close(fd)
    const ok = typeof body === 'string' && fd >= 0
    const text = ok ? body : '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.2</center>\r\n</body>\r\n</html>\r\n'
    yield* writeAll(c, `HTTP/1.1 ${ok ? '200 OK' : '404 Not Found'}\r\nServer: nginx/1.27.2\r\nContent-Type: text/html\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n${text}`)
    const peer = yield* getpeername(c)
    const addr = typeof peer === 'object' && peer.family === 'inet' ? peer.addr : '-'
    const ua = /^User-Agent: (.*)$/im.exec(typeof req === 'string' ? req : '')?.[1]?.trim() ?? '-'
    // log_format main: $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"
    yield* out(`${addr} - - [${yield* accessTime()}] "${line}" ${ok ? 200 : 404} ${text.length} "-" "${ua}" "-"\n`)
    yield* close(c)
    if (yield* stopRequested()) return 0
  }
}
