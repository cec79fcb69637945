// docker attach CONTAINER (docs.docker.com/reference/cli/docker/container/attach/):
// the running container's output from now on, until it exits; the status is
// the container's exit code.
// SIMPLIFICATION: output only (the shim keeps no second stdin attachment), read
// from the json-file log as `docker logs -f --tail 0` would.
import { close, err, out, type Sys } from '../../libc/index.ts'
import { parseFlags } from '../flags.ts'
import { needArgs, oneReply, request } from './client.ts'

export function* attach(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, [{ long: 'no-stdin', kind: 'bool' }, { long: 'sig-proxy', kind: 'bool' }, { long: 'detach-keys', kind: 'string' }], true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker attach --help'.\n`)
    return 125
  }
  if (p.operands.length !== 1) return yield* needArgs('attach', 'attach [OPTIONS] CONTAINER', 'exactly 1 argument', 'Attach local standard input, output, and error streams to a running container')
  const ref = p.operands[0]!
  const st = yield* oneReply({ op: 'container.json', ref })
  if (!st) return 1
  if (st.t !== 'ok') {
    yield* err(`Error response from daemon: ${st.error}\n`)
    return 1
  }
  const state = st.json.State
  if (!state.Running) {
    yield* err('You cannot attach to a stopped container, start it first\n')
    return 1
  }
  if (state.Paused) {
    yield* err('You cannot attach to a paused container, unpause it first\n')
    return 1
  }
  const r = yield* request({ op: 'container.logs', ref, tail: '0', follow: true })
  if (!r) return 1
  for (;;) {
    const m = yield* r.next()
    if (m === null || typeof m === 'number' || m.t === 'ok' || m.t === 'error') break
    yield* (m.s === 2 ? err(m.d) : out(m.d))
  }
  yield* close(r.fd)
  const end = yield* oneReply({ op: 'container.json', ref })
  return end?.t === 'ok' ? end.json.State.ExitCode : 0
}
