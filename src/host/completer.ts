// What tab completion may ask a machine: commands on PATH (plus the shell's
// builtins), directory listings and the shell's cwd. Read-only: it changes
// no state, so a recorded session replays the same with or without it.
import { INIT_KPID } from '../../kernel-sim/abi/index.ts'
import { readDirectory, type Kernel } from '../../kernel-sim/index.ts'
import { DOCKER_CONTAINERS, dockerRecordName } from './docker-names.ts'
import { BUILTINS } from '../shell/builtins/index.ts'

export interface Lister {
  commands(): string[]
  list(dir: string): { name: string; dir: boolean }[] | null
  cwd(): string
  /** Names of the containers dockerd knows (running or not), for `docker exec <Tab>`. */
  containers(): string[]
}

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']

export function lister(k: Kernel, ttyId: number): Lister {
  /** The shell on the terminal: its session leader, or init as a fallback viewer. */
  const viewer = () => {
    const sid = k.tty(ttyId)?.sid ?? -1
    return (sid === -1 ? undefined : k.task(sid)) ?? k.taskOrOops(INIT_KPID)
  }
  return {
    commands() {
      const names = new Set<string>(BUILTINS.keys())
      for (const dir of PATH_DIRS) {
        const ents = readDirectory(k, viewer(), dir)
        if (typeof ents === 'number') continue
        for (const e of ents) if (e.name !== '.' && e.name !== '..' && e.type !== 'd') names.add(e.name)
      }
      return [...names].sort()
    },
    list(dir) {
      const ents = readDirectory(k, viewer(), dir)
      if (typeof ents === 'number') return null
      return ents.filter((e) => e.name !== '.' && e.name !== '..').map((e) => ({ name: e.name, dir: e.type === 'd' }))
    },
    cwd: () => viewer().cwd,
    containers() {
      const ids = readDirectory(k, viewer(), DOCKER_CONTAINERS)
      if (typeof ids === 'number') return []
      const names: string[] = []
      for (const e of ids) {
        if (e.name === '.' || e.name === '..') continue
        const name = dockerRecordName(k, viewer(), e.name)
        if (name) names.push(name)
      }
      return names.sort()
    },
  }
}
