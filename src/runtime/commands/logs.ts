// docker logs [-f] [-t] [-n|--tail N] CONTAINER (docs.docker.com/reference/cli/docker/container/logs/):
// stdout entries to stdout and stderr entries to stderr; -t prefixes each line
// with its RFC 3339 time with nanoseconds (RFC3339NanoFixed); --since/--until
// keep the entries written in that window.
import { CLOCK_REALTIME } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, close, err, out, type Sys } from '../../libc/index.ts'
import { flagBool, flagStr, parseFlags } from '../flags.ts'
import { needArgs, request } from './client.ts'
import { timestamp } from './since.ts'

export function* logs(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, [
    { long: 'follow', short: 'f', kind: 'bool' }, { long: 'timestamps', short: 't', kind: 'bool' },
    { long: 'tail', short: 'n', kind: 'string' }, { long: 'details', kind: 'bool' }, { long: 'since', kind: 'string' }, { long: 'until', kind: 'string' },
  ], true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker logs --help'.\n`)
    return 125
  }
  if (p.operands.length !== 1) return yield* needArgs('logs', 'logs [OPTIONS] CONTAINER', 'exactly 1 argument', 'Fetch the logs of a container')
  // The client library turns --since/--until into times before it asks (moby client ContainerLogs).
  const now = yield* clockGettime(CLOCK_REALTIME)
  const bounds: Record<string, number> = {}
  for (const k of ['since', 'until'] as const) {
    const v = flagStr(p, k)
    if (v === undefined) continue
    const t = timestamp(v, now)
    if (t === undefined) {
      yield* err(`invalid value for "${k}": failed to parse value as time or duration: "${v}"\n`)
      return 1
    }
    bounds[k] = t
  }
  const r = yield* request({ op: 'container.logs', ref: p.operands[0], tail: flagStr(p, 'tail') ?? 'all', timestamps: flagBool(p, 'timestamps'), follow: flagBool(p, 'follow'), ...bounds })
  if (!r) return 1
  let status = 0
  for (;;) {
    const m = yield* r.next()
    if (m === null || typeof m === 'number' || m.t === 'ok') break
    if (m.t === 'error') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
      break
    }
    yield* (m.s === 2 ? err(m.d) : out(m.d))
  }
  yield* close(r.fd)
  return status
}
