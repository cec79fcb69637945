// nginx (the image's web server, much reduced): listens on port 80, answers
// each GET with the file under /usr/share/nginx/html (index.html for "/"),
// and logs one access line per request on stdout in nginx's combined format.
// SIMPLIFICATION: one connection at a time, HTTP/1.0-style (close after reply).
import { AF_INET, O_RDONLY, SOCK_STREAM, type Program } from '../../../kernel-sim/abi/index.ts'
import { accept, bind, close, err, getpeername, listen, open, out, read, readAll, socket, writeAll } from '../../libc/index.ts'

const ROOT = '/usr/share/nginx/html'

export function* nginxMain(): Program {
  const s = yield* socket(AF_INET, SOCK_STREAM)
  if (s < 0) return 1
  const b = yield* bind(s, { family: 'inet', addr: '0.0.0.0', port: 80 })
  if (b < 0) {
    yield* err(`nginx: [emerg] bind() to 0.0.0.0:80 failed (${-b}: ${b === -13 ? 'Permission denied' : 'Address already in use'})\n`)
    return 1
  }
  yield* listen(s, 511)
  for (;;) {
    const c = yield* accept(s)
    if (c < 0) continue
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
    yield* out(`${addr} - - "${line}" ${ok ? 200 : 404} ${text.length} "-" "-"\n`)
    yield* close(c)
  }
}
