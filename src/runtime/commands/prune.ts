// docker image prune [-a] [-f], docker volume prune [-a] [-f], docker system prune
// [-a] [--volumes] [-f] (docs.docker.com/reference/cli/docker/.../prune/): the
// warning and [y/N] question unless -f, then what went and "Total reclaimed
// space" (go-units HumanSize).
import { err, out, read, type Sys } from '../../libc/index.ts'
import { flagBool, parseFlags, type FlagDef } from '../flags.ts'
import { okReply } from './client.ts'
import { humanSize4 } from '../format.ts'

/** Prints the warning and reads the answer; true to go on. */
function* confirm(warning: string): Sys<boolean> {
  yield* out(`${warning}\nAre you sure you want to continue? [y/N] `)
  const a = yield* read(0, 64)
  return typeof a === 'string' && /^y(es)?$/i.test(a.trim())
}

const FLAGS: FlagDef[] = [{ long: 'force', short: 'f', kind: 'bool' }, { long: 'all', short: 'a', kind: 'bool' }, { long: 'filter', kind: 'list' }]

function* parse(cmd: string, argv: readonly string[], extra: FlagDef[] = []) {
  const p = parseFlags(argv, [...FLAGS, ...extra], true)
  if ('error' in p) yield* err(`${p.error}\nSee 'docker ${cmd} --help'.\n`)
  return p
}

export function* imagePrune(argv: readonly string[]): Sys<number> {
  const p = yield* parse('image prune', argv)
  if ('error' in p) return 125
  const all = flagBool(p, 'all')
  if (!flagBool(p, 'force') && !(yield* confirm(all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.'))) return 0
  const m = yield* okReply({ op: 'images.prune', all })
  if (!m) return 1
  const lines = m.lines
  yield* out((lines.length ? `Deleted Images:\n${lines.map((l) => l + '\n').join('')}\n` : '') + `Total reclaimed space: ${humanSize4(m.space)}\n`)
  return 0
}

export function* volumePrune(argv: readonly string[]): Sys<number> {
  const p = yield* parse('volume prune', argv)
  if ('error' in p) return 125
  const all = flagBool(p, 'all')
  if (!flagBool(p, 'force') && !(yield* confirm(all ? 'WARNING! This will remove all local volumes not used by at least one container.' : 'WARNING! This will remove anonymous local volumes not used by at least one container.'))) return 0
  const m = yield* okReply({ op: 'volumes.prune', all })
  if (!m) return 1
  const names = m.names
  yield* out((names.length ? `Deleted Volumes:\n${names.map((l) => l + '\n').join('')}\n` : '') + `Total reclaimed space: ${humanSize4(m.space)}\n`)
  return 0
}

export function* systemPrune(argv: readonly string[]): Sys<number> {
  const p = yield* parse('system prune', argv, [{ long: 'volumes', kind: 'bool' }])
  if ('error' in p) return 125
  const all = flagBool(p, 'all'), vols = flagBool(p, 'volumes')
  if (!flagBool(p, 'force')) {
    const w = `WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n${vols ? '  - all anonymous volumes not used by at least one container\n' : ''}` +
      `  - ${all ? 'all images without at least one container associated to them' : 'all dangling images'}\n  - ${all ? 'all build cache' : 'unused build cache'}\n`
    if (!(yield* confirm(w))) return 0
  }
  const c = yield* okReply({ op: 'containers.prune' })
  if (!c) return 1
  // SIMPLIFICATION: unused user-defined networks are not pruned here.
  const v = vols ? yield* okReply({ op: 'volumes.prune', all: false }) : null
  const i = yield* okReply({ op: 'images.prune', all })
  if (!i) return 1
  const ids = c.ids, lines = i.lines, names = v?.names ?? []
  let s = ids.length ? `Deleted Containers:\n${ids.map((x) => x + '\n').join('')}\n` : ''
  s += names.length ? `Deleted Volumes:\n${names.map((x) => x + '\n').join('')}\n` : ''
  s += lines.length ? `Deleted Images:\n${lines.map((x) => x + '\n').join('')}\n` : ''
  yield* out(`${s}Total reclaimed space: ${humanSize4(i.space + (v?.space ?? 0))}\n`)
  return 0
}
