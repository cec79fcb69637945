// docker cp CONTAINER:SRC_PATH DEST_PATH | docker cp SRC_PATH CONTAINER:DEST_PATH
// (docs.docker.com/reference/cli/docker/container/cp/): a file or a directory
// (recursively); into DEST when it is an existing directory, else as DEST;
// SRC ending in "/." copies a directory's contents.
// SIMPLIFICATION: no progress output ("Successfully copied ..."), which the CLI
// prints only when a terminal is attached.
import { S_IFDIR, S_IFMT, strerror } from '../../../kernel-sim/abi/index.ts'
import { err, lstat, type Sys } from '../../libc/index.ts'
import { parseFlags } from '../flags.ts'
import { readTree, writeTree, type TreeEntry } from '../ops/tree.ts'
import { needArgs, oneReply } from './client.ts'

/** "name:/path" → [container, path]; a local path (absolute or ./relative) → [undefined, path]. */
function split(arg: string): [string | undefined, string] {
  if (arg.startsWith('/') || arg.startsWith('.')) return [undefined, arg]
  const i = arg.indexOf(':')
  return i > 0 ? [arg.slice(0, i), arg.slice(i + 1)] : [undefined, arg]
}

const base = (p: string) => p.replace(/\/+$/, '').split('/').pop() || '/'

export function* cp(argv: readonly string[]): Sys<number> {
  const p = parseFlags(argv, [{ long: 'archive', short: 'a', kind: 'bool' }, { long: 'follow-link', short: 'L', kind: 'bool' }, { long: 'quiet', short: 'q', kind: 'bool' }], true)
  if ('error' in p) {
    yield* err(`${p.error}\nSee 'docker cp --help'.\n`)
    return 125
  }
  if (p.operands.length !== 2) {
    return yield* needArgs('cp', 'cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH', 'exactly 2 arguments', 'Copy files/folders between a container and the local filesystem')
  }
  const [sc, sp] = split(p.operands[0]!)
  const [dc, dp] = split(p.operands[1]!)
  if (sc !== undefined && dc !== undefined) {
    yield* err('copying between containers is not supported\n')
    return 1
  }
  if (sc === undefined && dc === undefined) {
    yield* err('must specify at least one container source\n')
    return 1
  }
  const contentsOnly = /\/\.$/.test(sp)
  let entries: TreeEntry[]
  if (sc !== undefined) {
    const m = yield* oneReply({ op: 'container.archive.get', ref: sc, path: sp })
    if (!m) return 1
    if (m.t !== 'ok') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      return 1
    }
    entries = m.entries
  } else {
    const t = yield* readTree(sp)
    if (typeof t === 'number') {
      yield* err(`lstat ${sp}: ${strerror(-t).toLowerCase()}\n`)
      return 1
    }
    entries = t
  }
  if (dc !== undefined) {
    const m = yield* oneReply({ op: 'container.archive.put', ref: dc, path: dp, name: base(sp), entries, contentsOnly })
    if (!m) return 1
    if (m.t !== 'ok') {
      yield* err(`Error response from daemon: ${m.error}\n`)
      return 1
    }
    return 0
  }
  const st = yield* lstat(dp)
  const isDir = typeof st !== 'number' && (st.mode & S_IFMT) === S_IFDIR
  if (typeof st === 'number' && dp.endsWith('/')) {
    yield* err(`destination "${dp}" must be a directory\n`)
    return 1
  }
  const dest = isDir && !contentsOnly ? `${dp.replace(/\/+$/, '')}/${base(sp)}` : dp
  const r = yield* writeTree(dest, entries)
  if (r < 0) {
    yield* err(`open ${dest}: ${strerror(-r).toLowerCase()}\n`)
    return 1
  }
  return 0
}
