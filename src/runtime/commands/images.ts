// docker images / image ls (--format, -q, -a), docker rmi / image rm [-f],
// docker tag, docker history (docs.docker.com/reference/cli/docker/image/).
import { CLOCK_REALTIME } from '../../../kernel-sim/abi/index.ts'
import { clockGettime, err, out, type Sys } from '../../libc/index.ts'
import { flagBool, flagList, flagStr, parseFlags, type FlagDef } from '../flags.ts'
import { humanDuration, humanSize, table } from '../format.ts'
import { needArgs, okReply, oneReply } from './client.ts'
import { formatRows, type Row } from './formatter.ts'
import { goTime } from './ps.ts'

const HEADERS: Row = {
  ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT',
  Size: 'SIZE', Containers: 'CONTAINERS', VirtualSize: 'VIRTUAL SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE',
}

function* flags(argv: readonly string[], defs: FlagDef[], cmd: string) {
  const p = parseFlags(argv, defs, true)
  if ('error' in p) yield* err(`${p.error}\nSee 'docker ${cmd} --help'.\n`)
  return p
}

export function* images(argv: readonly string[]): Sys<number> {
  const p = yield* flags(argv, [{ long: 'quiet', short: 'q', kind: 'bool' }, { long: 'all', short: 'a', kind: 'bool' },
    { long: 'format', kind: 'string' }, { long: 'no-trunc', kind: 'bool' }, { long: 'digests', kind: 'bool' }], 'images')
  if ('error' in p) return 125
  const m = yield* okReply({ op: 'images.json' })
  if (!m) return 1
  const now = yield* clockGettime(CLOCK_REALTIME)
  const trunc = !flagBool(p, 'no-trunc')
  const list = m.images.filter((x) => !p.operands[0] || x.repo === p.operands[0].split(':')[0])
    .sort((a, b) => b.created - a.created || a.repo.localeCompare(b.repo) || a.tag.localeCompare(b.tag))
  const rows: Row[] = list.map((x) => ({
    ID: trunc ? x.id.slice(0, 12) : `sha256:${x.id}`, Repository: x.repo, Tag: x.tag, Digest: x.digest,
    CreatedSince: `${humanDuration(Math.max(0, now - x.created * 1e9))} ago`, CreatedAt: goTime(x.created),
    Size: humanSize(x.size), VirtualSize: humanSize(x.size), SharedSize: 'N/A', UniqueSize: 'N/A', Containers: 'N/A',
  }))
  if (flagBool(p, 'quiet')) {
    yield* out([...new Set(rows.map((r) => r.ID))].map((id) => id + '\n').join(''))
    return 0
  }
  const dig = flagBool(p, 'digests') ? '\t{{.Digest}}' : ''
  return yield* formatRows(rows, flagStr(p, 'format'), `table {{.Repository}}\t{{.Tag}}${dig}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}`, HEADERS, '*formatter.imageContext')
}

export function* rmi(argv: readonly string[]): Sys<number> {
  const p = yield* flags(argv, [{ long: 'force', short: 'f', kind: 'bool' }, { long: 'no-prune', kind: 'bool' }], 'rmi')
  if ('error' in p) return 125
  if (p.operands.length === 0) return yield* needArgs('rmi', 'rmi [OPTIONS] IMAGE [IMAGE...]', 'at least 1 argument', 'Remove one or more images')
  let status = 0
  for (const ref of p.operands) {
    const m = yield* oneReply({ op: 'image.remove', ref, force: flagBool(p, 'force') })
    if (!m) return 1
    if (m.t === 'ok') yield* out(m.lines.map((l) => l + '\n').join(''))
    else {
      yield* err(`Error response from daemon: ${m.error}\n`)
      status = 1
    }
  }
  return status
}

export function* tag(argv: readonly string[]): Sys<number> {
  const p = yield* flags(argv, [], 'tag')
  if ('error' in p) return 125
  if (p.operands.length !== 2) return yield* needArgs('tag', 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]', 'exactly 2 arguments', 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE')
  const m = yield* oneReply({ op: 'image.tag', ref: p.operands[0], target: p.operands[1] })
  if (!m) return 1
  if (m.t === 'ok') return 0
  yield* err(m.client ? `${m.error}\n` : `Error response from daemon: ${m.error}\n`)
  return 1
}

export function* history(argv: readonly string[]): Sys<number> {
  const p = yield* flags(argv, [{ long: 'no-trunc', kind: 'bool' }, { long: 'quiet', short: 'q', kind: 'bool' }, { long: 'human', short: 'H', kind: 'bool' }], 'history')
  if ('error' in p) return 125
  if (p.operands.length !== 1) return yield* needArgs('history', 'history [OPTIONS] IMAGE', 'exactly 1 argument', 'Show the history of an image')
  const m = yield* oneReply({ op: 'image.history', ref: p.operands[0] })
  if (!m) return 1
  if (m.t !== 'ok') {
    yield* err(`Error response from daemon: ${m.error}\n`)
    return 1
  }
  const now = yield* clockGettime(CLOCK_REALTIME)
  const ago = `${humanDuration(Math.max(0, now - m.created * 1e9))} ago`
  const trunc = !flagBool(p, 'no-trunc')
  // cli formatter/history.go: CREATED BY is cut at 45 characters with "…".
  const by = (s: string) => (trunc && [...s].length > 45 ? [...s].slice(0, 44).join('') + '…' : s)
  const rows = m.rows.map((r, i) => [i === 0 ? m.id.slice(0, 12) : '<missing>', ago, by(r.by), humanSize(r.size), 'buildkit.dockerfile.v0'])
  if (flagBool(p, 'quiet')) {
    yield* out(rows.map((r) => r[0] + '\n').join(''))
    return 0
  }
  yield* out(table([['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], ...rows]))
  return 0
}

/**
 * docker search [--filter is-official=true|stars=N] [--limit N] [--no-trunc] [--format] TERM
 * (docker/cli cli/command/registry/search.go: descriptions cut to 45 characters with "…").
 */
export function* search(argv: readonly string[]): Sys<number> {
  const p = yield* flags(argv, [{ long: 'filter', short: 'f', kind: 'list' }, { long: 'limit', kind: 'string' },
    { long: 'no-trunc', kind: 'bool' }, { long: 'format', kind: 'string' }], 'search')
  if ('error' in p) return 125
  if (p.operands.length !== 1) return yield* needArgs('search', 'search [OPTIONS] TERM', 'exactly 1 argument', 'Search Docker Hub for images')
  const limit = flagStr(p, 'limit') ?? '25'
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 100) {
    yield* err('Error response from daemon: limit 0 is outside the range of [1, 100]\n'.replace('0', limit))
    return 1
  }
  let official: boolean | undefined
  let minStars = 0
  for (const f of flagList(p, 'filter')) {
    const [k, v = ''] = f.split('=')
    if (k === 'is-official') official = v === 'true'
    else if (k === 'stars' && /^\d+$/.test(v)) minStars = Number(v)
    else {
      yield* err(`Error response from daemon: invalid filter '${f}'\n`)
      return 1
    }
  }
  const m = yield* okReply({ op: 'images.search', term: p.operands[0] })
  if (!m) return 1
  const trunc = !flagBool(p, 'no-trunc')
  const rows: Row[] = m.results
    .filter((r) => (official === undefined || r.official === official) && r.stars >= minStars)
    .slice(0, Number(limit))
    .map((r) => ({
      Name: r.name, StarCount: String(r.stars), IsOfficial: r.official ? '[OK]' : '', IsAutomated: '',
      Description: trunc && [...r.description].length > 45 ? [...r.description].slice(0, 44).join('') + '…' : r.description,
    }))
  return yield* formatRows(rows, flagStr(p, 'format'), 'table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}',
    { Name: 'NAME', Description: 'DESCRIPTION', StarCount: 'STARS', IsOfficial: 'OFFICIAL', IsAutomated: 'AUTOMATED' }, '*formatter.searchContext')
}
