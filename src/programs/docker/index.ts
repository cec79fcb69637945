// The Docker programs the host installs: the CLI, the daemon (started on
// first use), the per-container shim, and the web server of the nginx image.
import type { ProgramInfo } from '../lib/types.ts'
import { dockerMain } from '../../runtime/cli.ts'
import { dockerdMain } from '../../runtime/daemon.ts'
import { shimMain } from '../../runtime/shim.ts'
import { nginxMain } from './nginx.ts'
import { python3 } from './apps/python.ts'
import { node } from './apps/node.ts'
import { redisCli, redisServer } from './apps/redis.ts'
import { postgres } from './apps/postgres.ts'
import { RUNC_PATH, runcMain } from '../../runtime/runc.ts'
import { proxyMain, PROXY_PATH } from '../../runtime/proxy.ts'

export const docker: ProgramInfo = {
  name: 'docker', path: '/usr/bin/docker', description: 'containers: the Docker CLI (talks to dockerd over /var/run/docker.sock)', main: dockerMain,
}
export const dockerd: ProgramInfo = {
  name: 'dockerd', path: '/usr/bin/dockerd', description: 'containers: the Docker daemon (started by the first docker command)', main: dockerdMain,
}
export const containerdShim: ProgramInfo = {
  name: 'containerd-shim-runc-v2', path: '/usr/bin/containerd-shim-runc-v2', description: 'containers: per-container shim (namespaces, cgroup, rootfs, exec)', main: shimMain,
}
export const runc: ProgramInfo = {
  name: 'runc', path: RUNC_PATH, description: 'containers: the OCI runtime (runc --version; its version decides the runc bugs, isolab vulns)', main: runcMain,
}
export const nginx: ProgramInfo = {
  name: 'nginx', path: '/usr/sbin/nginx', description: 'web server of the nginx image: serves /usr/share/nginx/html on port 80', main: nginxMain,
}

export const dockerProxy: ProgramInfo = {
  name: 'docker-proxy', path: PROXY_PATH, description: 'containers: relays a published port (-p) to a container', main: proxyMain,
}

/** The programs of the language and server images (imageOnly: not on the host). */
const IMAGE_APPS = [python3, node, redisServer, redisCli, postgres]

export const DOCKER_PROGRAMS: readonly ProgramInfo[] = [docker, dockerd, containerdShim, dockerProxy, nginx, runc, ...IMAGE_APPS]
