// docker inspect [-f FORMAT] [--type container|image] NAME...; docker port
// CONTAINER [PRIVATE_PORT[/PROTO]] (docs.docker.com/reference/cli/docker/inspect/,
// .../container/port/).
import type { Reply } from '../api.ts'
import { err, out, type Sys } from '../../libc/index.ts'
import { flagStr, parseFlags } from '../flags.ts'
import { parseTemplate, execTemplate, TemplateError, type Node } from '../template.ts'
import { needArgs, oneReply } from './client.ts'

export function* inspect(argv: readonly string[], _envp: readonly string[], only?: 'container' | 'image'): Sys<number> {
  const p = parseFlags(argv, [{ long: 'format', short: 'f', kind: 'string' }, { long: 'type', kind: 'string' }, { long: 'size', short: 's', kind: 'bool' }], true)
  const cmd = only ? `${only} inspect` : 'inspect'
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker ${cmd} --help'.\n`)
    return 125
  }
  if (p.operands.length === 0) return yield* needArgs(cmd, `${cmd} [OPTIONS] ${only ? only.toUpperCase() : 'NAME|ID'} [${only ? only.toUpperCase() : 'NAME|ID'}...]`, 'at least 1 argument', 'Return low-level information on Docker objects')
  const type = only ?? flagStr(p, 'type')
  if (type !== undefined && type !== 'container' && type !== 'image') {
    yield* err(`"${type}" is not a valid value for --type\n`)
    return 1
  }
  const fmt = flagStr(p, 'format')
  let tmpl: Node[] | undefined
  const src = fmt?.replace(/\\t/g, '\t').replace(/\\n/g, '\n') ?? ''
  if (fmt !== undefined && fmt !== '' && fmt !== 'json') {
    try {
      tmpl = parseTemplate(src)
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e
      // cli/command/inspect: a template that does not parse is status 64.
      yield* err(`template parsing error: ${e.message}\n`)
      return 64
    }
  }
  const docs: unknown[] = []
  const errors: string[] = []
  for (const ref of p.operands) {
    let m: Reply<'container.json' | 'image.json'> | null = type === 'image' ? null : yield* oneReply({ op: 'container.json', ref })
    if (m?.t !== 'ok' && type !== 'container') m = yield* oneReply({ op: 'image.json', ref })
    if (!m) return 1
    if (m.t === 'ok') docs.push(m.json)
    else errors.push(`Error: No such ${type ?? 'object'}: ${ref}\n`)
  }
  let status = errors.length ? 1 : 0
  if (tmpl) {
    for (const d of docs) {
      try {
        yield* out(execTemplate(tmpl, d, undefined, src) + '\n')
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e
        // cli/command/inspect TemplateInspector: execution errors get the same prefix as parse errors.
        yield* err(`template parsing error: ${e.message}\n`)
        status = 1
      }
    }
  } else if (fmt === 'json') yield* out(docs.map((d) => JSON.stringify(d) + '\n').join(''))
  else yield* out(JSON.stringify(docs, null, 4) + '\n')
  for (const e of errors) yield* err(e)
  return status
}

export function* port(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, [], true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker port --help'.\n`)
    return 125
  }
  if (p.operands.length < 1 || p.operands.length > 2) return yield* needArgs('port', 'port CONTAINER [PRIVATE_PORT[/PROTO]]', p.operands.length ? 'at most 2 arguments' : 'at least 1 argument', 'List port mappings or a specific mapping for the container')
  const [ref, want] = p.operands as [string, string | undefined]
  const m = yield* oneReply({ op: 'container.json', ref })
  if (!m) return 1
  if (m.t !== 'ok') {
    yield* err(`Error response from daemon: ${m.error}\n`)
    return 1
  }
  const doc = m.json
  // NetworkSettings.Ports: only a running container has its ports published.
  const bindings = doc.State.Running ? Object.entries(doc.HostConfig.PortBindings) : []
  const num = (k: string) => Number(k.split('/')[0])
  bindings.sort((a, b) => num(a[0]) - num(b[0]) || a[0].localeCompare(b[0]))
  if (want === undefined) {
    yield* out(bindings.flatMap(([k, bs]) => bs.map((b) => `${k} -> ${b.HostIp || '0.0.0.0'}:${b.HostPort}\n`)).join(''))
    return 0
  }
  const key = want.includes('/') ? want : `${want}/tcp`
  const hit = bindings.find(([k]) => k === key)
  if (!hit) {
    yield* err(`Error: No public port '${key}' published for ${ref}\n`)
    return 1
  }
  yield* out(hit[1].map((b) => `${b.HostIp || '0.0.0.0'}:${b.HostPort}\n`).join(''))
  return 0
}
