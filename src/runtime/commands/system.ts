// docker system df (docs.docker.com/reference/cli/docker/system/df/): TYPE,
// TOTAL, ACTIVE, SIZE, RECLAIMABLE with its percentage, as docker/cli's
// formatter/disk_usage.go prints them (go-units HumanSize: 4 significant digits).
import type { DiskItem } from '../api.ts'
import { err, out, type Sys } from '../../libc/index.ts'
import { humanSize4, table } from '../format.ts'
import { okReply } from './client.ts'
import { systemPrune } from './prune.ts'

/** go-units HumanSize = HumanSizeWithPrecision(size, 4): "199.8MB". */


function row(type: string, items: DiskItem[]): string[] {
  const total = items.reduce((n, x) => n + x.size, 0)
  const free = items.filter((x) => !x.active).reduce((n, x) => n + x.size, 0)
  const reclaim = total > 0 ? `${humanSize4(free)} (${Math.floor((free * 100) / total)}%)` : humanSize4(free)
  return [type, String(items.length), String(items.filter((x) => x.active).length), humanSize4(total), reclaim]
}

function* df(): Sys<number> {
  const m = yield* okReply({ op: 'system.df' })
  if (!m) return 1
  yield* out(table([['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'],
    row('Images', m.images), row('Containers', m.containers), row('Local Volumes', m.volumes),
    ['Build Cache', '0', '0', '0B', '0B']]))
  return 0
}

export function* system(argv: readonly string[]): Sys<number> {
  if (argv[0] === 'df') return yield* df()
  if (argv[0] === 'prune') return yield* systemPrune(argv.slice(1))
  yield* err(`docker: 'system ${argv[0] ?? ''}' is not a docker command.\nSee 'docker --help'\n`)
  return 1
}
