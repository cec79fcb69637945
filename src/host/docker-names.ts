// The names dockerd gave its containers, read from its records on the host's
// tmpfs (/var/lib/docker/containers/<id>/config.v2.json, "Name": "/web"), so
// the live view and tab completion can call a container what the student called it.
import { INIT_KPID } from '../../kernel-sim/abi/index.ts'
import { namei, type Kernel, type Task } from '../../kernel-sim/index.ts'

export const DOCKER_CONTAINERS = '/var/lib/docker/containers'

/**
 * The name in dockerd's record of container `id` (64 hex digits), or undefined.
 * SIMPLIFICATION: reads the record straight from tmpfs (no open(2), no atime) to stay read-only.
 */
export function dockerRecordName(k: Kernel, viewer: Task, id: string): string | undefined {
  const r = namei(k, viewer, `${DOCKER_CONTAINERS}/${id}/config.v2.json`)
  const data = typeof r === 'number' || r.node.kind !== 'tmpfs' ? '' : k.inode(r.node.ino)?.data ?? ''
  return /"Name":"\/?([^"]+)"/.exec(data)?.[1]
}

/**
 * Names by container id, remembered once seen: a name does not change while
 * the container lives (SIMPLIFICATION: `docker rename` is not followed), and
 * an alert keeps naming the container after `docker rm`.
 */
export class DockerNames {
  private byId = new Map<string, string>()
  constructor(private k: Kernel) {}

  nameOf(id: string): string | undefined {
    const known = this.byId.get(id)
    if (known !== undefined) return known
    const init = this.k.task(INIT_KPID)
    const name = init ? dockerRecordName(this.k, init, id) : undefined
    if (name !== undefined) this.byId.set(id, name)
    return name
  }
}
