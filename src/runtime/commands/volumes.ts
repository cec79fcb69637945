// docker volume create [NAME] / ls [-q] / inspect NAME... / rm [-f] NAME...
// (docs.docker.com/reference/cli/docker/volume/).
import { err, out, type Sys } from '../../libc/index.ts'
import { flagBool, flagStr, parseFlags, type FlagDef } from '../flags.ts'
import { table } from '../format.ts'
import { renderTemplate, TemplateError } from '../template.ts'
import { needArgs, okReply, oneReply } from './client.ts'
import { formatRows } from './formatter.ts'
import { volumePrune } from './prune.ts'

function* opts(cmd: string, argv: readonly string[], defs: FlagDef[]) {
  const p = parseFlags(argv, defs, true)
  if ('error' in p) yield* err(`${p.error}\nSee 'docker volume ${cmd} --help'.\n`)
  return p
}

function* create(argv: readonly string[]): Sys<number> {
  const p = yield* opts('create', argv, [{ long: 'driver', short: 'd', kind: 'string' }, { long: 'name', kind: 'string' }, { long: 'label', kind: 'list' }, { long: 'opt', short: 'o', kind: 'list' }])
  if ('error' in p) return 125
  if (p.operands.length > 1) return yield* needArgs('volume create', 'volume create [OPTIONS] [VOLUME]', 'at most 1 argument', 'Create a volume')
  const m = yield* oneReply({ op: 'volume.create', name: p.operands[0] ?? flagStr(p, 'name') ?? '' })
  if (!m) return 1
  if (m.t !== 'ok') {
    yield* err(`Error response from daemon: ${m.error}\n`)
    return 1
  }
  yield* out(`${m.name}\n`)
  return 0
}

function* ls(argv: readonly string[]): Sys<number> {
  const p = yield* opts('ls', argv, [{ long: 'quiet', short: 'q', kind: 'bool' }, { long: 'format', kind: 'string' }, { long: 'filter', short: 'f', kind: 'list' }])
  if ('error' in p) return 125
  const m = yield* okReply({ op: 'volume.list' })
  if (!m) return 1
  const names = m.names
  if (flagBool(p, 'quiet')) {
    yield* out(names.map((n) => n + '\n').join(''))
    return 0
  }
  if (flagStr(p, 'format') === undefined) {
    yield* out(table([['DRIVER', 'VOLUME NAME'], ...names.map((n) => ['local', n])]))
    return 0
  }
  const rows = names.map((n) => ({ Name: n, Driver: 'local', Scope: 'local', Mountpoint: `/var/lib/docker/volumes/${n}/_data`, Labels: '' }))
  return yield* formatRows(rows, flagStr(p, 'format'), 'table {{.Driver}}\t{{.Name}}', { Name: 'VOLUME NAME', Driver: 'DRIVER', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS' })
}

function* inspect(argv: readonly string[]): Sys<number> {
  const p = yield* opts('inspect', argv, [{ long: 'format', short: 'f', kind: 'string' }])
  if ('error' in p) return 125
  if (p.operands.length === 0) return yield* needArgs('volume inspect', 'volume inspect [OPTIONS] VOLUME [VOLUME...]', 'at least 1 argument', 'Display detailed information on one or more volumes')
  const docs: unknown[] = []
  let status = 0
  const errors: string[] = []
  for (const name of p.operands) {
    const m = yield* oneReply({ op: 'volume.inspect', name })
    if (!m) return 1
    if (m.t === 'ok') docs.push(m.json)
    else {
      errors.push(`Error response from daemon: ${m.error}\n`)
      status = 1
    }
  }
  const fmt = flagStr(p, 'format')
  try {
    yield* out(fmt === undefined ? JSON.stringify(docs, null, 4) + '\n' : docs.map((d) => renderTemplate(fmt, d) + '\n').join(''))
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e
    yield* err(`template parsing error: ${e.message}\n`)
    return 64
  }
  for (const e of errors) yield* err(e)
  return status
}

function* rm(argv: readonly string[]): Sys<number> {
  const p = yield* opts('rm', argv, [{ long: 'force', short: 'f', kind: 'bool' }])
  if ('error' in p) return 125
  if (p.operands.length === 0) return yield* needArgs('volume rm', 'volume rm [OPTIONS] VOLUME [VOLUME...]', 'at least 1 argument', 'Remove one or more volumes')
  let status = 0
  for (const name of p.operands) {
    const m = yield* oneReply({ op: 'volume.remove', name, force: flagBool(p, 'force') })
    if (!m) return 1
    if (m.t === 'ok') yield* out(`${name}\n`)
    else {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
    }
  }
  return status
}

const SUB: Record<string, (argv: readonly string[]) => Sys<number>> = { create, ls, list: ls, inspect, rm, remove: rm, prune: volumePrune }

export function* volume(argv: readonly string[]): Sys<number> {
  const f = argv[0] === undefined ? undefined : SUB[argv[0]]
  if (!f) {
    yield* err(`docker: 'volume ${argv[0] ?? ''}' is not a docker command.\nSee 'docker --help'\n`)
    return 1
  }
  return yield* f(argv.slice(1))
}
