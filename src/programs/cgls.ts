// cgls: the cgroup tree with the processes in each group, in the shape of
// systemd-cgls: "Control group /:", then one line per process ("├─PID
// cmdline") and per child group, drawn with the same box characters.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { strerror } from '../../kernel-sim/abi/index.ts'
import { out, type Sys } from '../libc/index.ts'
import { parseOpts, warn } from './lib/cmd.ts'
import { readDir } from './lib/fs.ts'
import { lines, readFile } from './lib/io.ts'

const MOUNT = '/sys/fs/cgroup'
const USAGE = `Usage: cgls [CGROUP]
Recursively show the cgroup hierarchy (default: the whole tree) with its processes.`

/** A process line's text: its command line, as systemd-cgls shows it ("[comm]" when empty). */
function* cmdline(pid: number): Sys<string> {
  const c = yield* readFile(`/proc/${pid}/cmdline`)
  if (typeof c === 'string' && c) return c.replace(/\0$/, '').split('\0').join(' ').replace(/\n/g, '\\n')
  const comm = yield* readFile(`/proc/${pid}/comm`)
  return typeof comm === 'string' ? `[${comm.trim()}]` : '?'
}

function* tree(dir: string, prefix: string, outLines: string[]): Sys<void> {
  const procs = yield* readFile(`${dir}/cgroup.procs`)
  const pids = typeof procs === 'string' ? lines(procs).filter(Boolean).map(Number) : []
  const ents = yield* readDir(dir)
  const children = typeof ents === 'number' ? [] : ents.filter((e) => e.type === 'd').map((e) => e.name).sort()
  const items: { kind: 'pid' | 'cg'; v: string }[] = [
    ...pids.map((p) => ({ kind: 'pid' as const, v: String(p) })),
    ...children.map((c) => ({ kind: 'cg' as const, v: c })),
  ]
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!
    const last = i === items.length - 1
    const branch = last ? '└─' : '├─'
    if (it.kind === 'pid') outLines.push(`${prefix}${branch}${it.v} ${yield* cmdline(Number(it.v))}`)
    else {
      outLines.push(`${prefix}${branch}${it.v}`)
      yield* tree(`${dir}/${it.v}`, prefix + (last ? '  ' : '│ '), outLines)
    }
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', usage: USAGE })
  if (typeof p === 'number') return p
  const rel = (p.operands[0] ?? '/').replace(new RegExp(`^${MOUNT}`), '') || '/'
  const dir = rel === '/' ? MOUNT : `${MOUNT}/${rel.replace(/^\/+/, '')}`
  const check = yield* readFile(`${dir}/cgroup.procs`)
  if (typeof check === 'number') {
    yield* warn(argv[0]!, `Failed to list cgroup tree ${rel}: ${strerror(-check)}`)
    return 1
  }
  const outLines = [`Control group ${rel}:`]
  if (rel === '/') outLines.push('-.slice')
  yield* tree(dir, '', outLines)
  yield* out(outLines.join('\n') + '\n')
  return 0
}

export { main as cglsMain }
