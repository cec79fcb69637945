// `docker network ls|create|inspect|rm|connect|disconnect` as docker/cli 27
// prints them (docs.docker.com/reference/cli/docker/network/): ls sorted by
// name with 12-hex ids, create prints the new 64-hex id, rm echoes each name,
// inspect a JSON array indented by 4, daemon errors as "Error response from
// daemon: ..." (status 1), cobra's argument-count errors with the usage line.
import { err, out, read, type Sys } from '../libc/index.ts'
import { flagBool, flagList, flagStr, parseFlags, type FlagDef } from './flags.ts'
import { table } from './format.ts'
import { oneReply as call } from './commands/client.ts'
import type { ErrorReply } from './api.ts'
import { renderTemplate } from './template.ts'

interface Sub { usage: string; line: string; args: 'exactly 1 argument' | 'at least 1 argument' | 'exactly 2 arguments' | 'no arguments'; flags: FlagDef[] }

const SUBS: Record<string, Sub> = {
  ls: { usage: 'docker network ls [OPTIONS]', line: 'List networks', args: 'no arguments', flags: [{ long: 'quiet', short: 'q', kind: 'bool' }, { long: 'no-trunc', kind: 'bool' }, { long: 'format', kind: 'string' }, { long: 'filter', short: 'f', kind: 'list' }] },
  create: { usage: 'docker network create [OPTIONS] NETWORK', line: 'Create a network', args: 'exactly 1 argument', flags: [{ long: 'driver', short: 'd', kind: 'string' }, { long: 'subnet', kind: 'list' }, { long: 'gateway', kind: 'list' }, { long: 'internal', kind: 'bool' }, { long: 'attachable', kind: 'bool' }, { long: 'label', kind: 'list' }] },
  inspect: { usage: 'docker network inspect [OPTIONS] NETWORK [NETWORK...]', line: 'Display detailed information on one or more networks', args: 'at least 1 argument', flags: [{ long: 'format', short: 'f', kind: 'string' }, { long: 'verbose', short: 'v', kind: 'bool' }] },
  rm: { usage: 'docker network rm NETWORK [NETWORK...]', line: 'Remove one or more networks', args: 'at least 1 argument', flags: [{ long: 'force', short: 'f', kind: 'bool' }] },
  connect: { usage: 'docker network connect [OPTIONS] NETWORK CONTAINER', line: 'Connect a container to a network', args: 'exactly 2 arguments', flags: [{ long: 'ip', kind: 'string' }, { long: 'alias', kind: 'list' }] },
  prune: { usage: 'docker network prune [OPTIONS]', line: 'Remove all unused networks', args: 'no arguments', flags: [{ long: 'force', short: 'f', kind: 'bool' }, { long: 'filter', kind: 'list' }] },
  disconnect: { usage: 'docker network disconnect [OPTIONS] NETWORK CONTAINER', line: 'Disconnect a container from a network', args: 'exactly 2 arguments', flags: [{ long: 'force', short: 'f', kind: 'bool' }] },
}
const ALIASES: Record<string, string> = { list: 'ls', remove: 'rm' }

const argsOk = (a: Sub['args'], n: number) =>
  a === 'no arguments' ? n === 0 : a === 'exactly 1 argument' ? n === 1 : a === 'exactly 2 arguments' ? n === 2 : n >= 1

const USAGE = `
Usage:  docker network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'docker network COMMAND --help' for more information on a command.
`

export function* networkCommand(argv: readonly string[]): Sys<number> {
  if (argv.length === 0 || argv[0] === '--help') {
    yield* out(USAGE)
    return 0
  }
  const name = ALIASES[argv[0] ?? ''] ?? argv[0] ?? ''
  const sub = Object.hasOwn(SUBS, name) ? SUBS[name]! : undefined
  if (!sub) {
    yield* err(`docker: 'network ${argv[0] ?? ''}' is not a docker command.\nSee 'docker --help'\n`)
    return 1
  }
  const p = parseFlags(argv.slice(1), sub.flags, true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker network ${name} --help'.\n`)
    return 125
  }
  if (!argsOk(sub.args, p.operands.length)) {
    const what = sub.args === 'no arguments' ? `accepts no arguments` : `requires ${sub.args}`
    yield* err(`"docker network ${name}" ${what}.\nSee 'docker network ${name} --help'.\n\nUsage:  ${sub.usage}\n\n${sub.line}\n`)
    return 1
  }
  const [a, b] = p.operands as [string, string]
  switch (name) {
    case 'ls': {
      const m = yield* call({ op: 'network.list', noTrunc: flagBool(p, 'no-trunc'), filters: flagList(p, 'filter') })
      if (!m) return 1
      if (m.t !== 'ok') return yield* daemonErr(m)
      const rows = m.rows
      const fmt = flagStr(p, 'format')
      if (flagBool(p, 'quiet')) yield* out(rows.map((r) => r[0] + '\n').join(''))
      else if (fmt) {
        // --format with the network formatter's fields (.ID, .Name, .Driver, .Scope).
        const docs = rows.map(([ID, Name, Driver, Scope]) => ({ ID, Name, Driver, Scope }))
        const body = fmt.replace(/^table\s*/, '').replace(/\\t/g, '\t')
        const lines = docs.map((d) => renderTemplate(body, d))
        if (fmt.startsWith('table')) yield* out(table([renderTemplate(body, { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE' }), ...lines].map((l) => l.split('\t'))))
        else yield* out(lines.map((l) => l + '\n').join(''))
      } else yield* out(table([['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], ...rows]))
      return 0
    }
    case 'create': {
      const m = yield* call({ op: 'network.create', name: a, driver: flagStr(p, 'driver') ?? 'bridge', subnets: flagList(p, 'subnet'), gateway: flagList(p, 'gateway')[0] ?? '', internal: flagBool(p, 'internal') })
      if (!m) return 1
      if (m.t !== 'ok') return yield* daemonErr(m)
      yield* out(`${m.id}\n`)
      return 0
    }
    case 'inspect': {
      const docs: unknown[] = []
      const errors: string[] = []
      for (const ref of p.operands) {
        const m = yield* call({ op: 'network.inspect', ref })
        if (!m) return 1
        if (m.t === 'ok') docs.push(m.json)
        else errors.push(`Error response from daemon: ${m.error}\n`)
      }
      const fmt = flagStr(p, 'format')
      if (fmt !== undefined) for (const d of docs) yield* out(renderTemplate(fmt, d) + '\n')
      else yield* out(JSON.stringify(docs, null, 4) + '\n')
      for (const e of errors) yield* err(e)
      return errors.length ? 1 : 0
    }
    case 'rm': {
      let status = 0
      for (const ref of p.operands) {
        const m = yield* call({ op: 'network.rm', ref })
        if (!m) return 1
        if (m.t === 'ok') yield* out(ref + '\n')
        else status = yield* daemonErr(m)
      }
      return status
    }
    case 'prune': {
      if (!flagBool(p, 'force')) {
        yield* out('WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ')
        const answer = yield* read(0, 1024)
        if (typeof answer !== 'string' || !/^y(es)?$/i.test(answer.trim())) return 0
      }
      const m = yield* call({ op: 'network.prune' })
      if (!m) return 1
      if (m.t !== 'ok') return yield* daemonErr(m)
      const names = m.names
      // cli/command/network/prune.go: Fprintln of "Deleted Networks:\n" + one name per line (so a blank line ends it).
      if (names.length) yield* out(`Deleted Networks:\n${names.map((n) => n + '\n').join('')}\n`)
      return 0
    }
    default: {
      const m = yield* call({ op: name === 'connect' ? 'network.connect' : 'network.disconnect', net: a, ref: b, ip: flagStr(p, 'ip') ?? '', aliases: flagList(p, 'alias') })
      if (!m) return 1
      return m.t === 'ok' ? 0 : yield* daemonErr(m)
    }
  }
}

function* daemonErr(m: ErrorReply): Sys<number> {
  yield* err(`Error response from daemon: ${m.error}\n`)
  return 1
}
