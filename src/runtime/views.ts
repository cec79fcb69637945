// What dockerd answers for ps and inspect (stats: stats.ts): rows and documents shaped
// like the Engine API's (field names and order of `docker inspect`).
import type { InspectDoc } from './api.ts'
import { capList } from './caps.ts'
import { containerDir } from './bundle.ts'
import { humanDuration, rfc3339 } from './format.ts'
import type { Image } from './images.ts'
import type { Container } from './store.ts'
import { networkSettings } from './networks.ts'

export function statusText(c: Container, now: number): string {
  if (c.status === 'running') return `Up ${humanDuration(now - c.startedNs)}`
  if (c.status === 'exited') return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedNs)} ago`
  return 'Created'
}

export function inspectJson(c: Container, img: Image | undefined): InspectDoc {
  const s = c.spec
  const dir = containerDir(c.id)
  return {
    Id: c.id,
    Created: rfc3339(c.createdNs),
    Path: c.path,
    Args: c.args,
    State: {
      Status: c.status, Running: c.status === 'running', Paused: false, Restarting: false, OOMKilled: c.oomKilled,
      Dead: c.status === 'dead', Pid: c.pid, ExitCode: c.exitCode, Error: c.error, StartedAt: rfc3339(c.startedNs),
      FinishedAt: rfc3339(c.finishedNs),
    },
    Image: `sha256:${c.imageId}`,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: '/' + c.name,
    RestartCount: 0,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: s.privileged ? 'unconfined' : s.apparmor,
    HostConfig: {
      Binds: s.binds.length ? s.binds.map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`) : null,
      NetworkMode: s.networkMode,
      PortBindings: Object.fromEntries(s.ports.map((p) => [`${p.containerPort}/${p.proto}`, [{ HostIp: p.hostIp ?? '', HostPort: String(p.hostPort) }]])),
      AutoRemove: s.autoRemove,
      CapAdd: s.capAdd.length ? s.capAdd : null,
      CapDrop: s.capDrop.length ? s.capDrop : null,
      PidMode: s.pidMode,
      Privileged: s.privileged,
      ReadonlyRootfs: s.readOnly,
      SecurityOpt: secOpts(c),
      UsernsMode: s.userns,
      CgroupnsMode: s.cgroupns ?? 'private',
      CpuShares: s.cpuShares,
      Memory: s.memory,
      NanoCpus: Math.round(s.cpus * 1e9),
      MemorySwap: s.memorySwap || (s.memory ? 2 * s.memory : 0),
      PidsLimit: s.pidsLimit || null,
      Ulimits: s.ulimits.length ? s.ulimits.map((u) => ({ Name: u.name, Hard: u.hard, Soft: u.soft })) : [],
    },
    GraphDriver: {
      // LowerDir: the image's layers, top first, as the overlay mount's lowerdir (SIMPLIFICATION: no <id>-init layer).
      Data: {
        ...(img ? { LowerDir: [...img.layers].reverse().map((l) => `/var/lib/docker/overlay2/${l.digest}/diff`).join(':') } : {}),
        MergedDir: c.rootfs, UpperDir: c.rootfs.replace(/merged$/, 'diff'), WorkDir: c.rootfs.replace(/merged$/, 'work'),
      },
      Name: 'overlay2',
    },
    Config: {
      Hostname: c.hostname, Tty: s.tty, OpenStdin: s.interactive, Env: [...(img?.env ?? []), ...s.env],
      Cmd: s.userCmd ? s.cmd : img?.cmd ?? [], Image: s.image,
      ...(img?.stopSignal ? { StopSignal: img.stopSignal } : {}),
    },
    NetworkSettings: networkSettings(c),
    EffectiveCaps: capList(BigInt('0x' + c.caps)),
  }
}

function secOpts(c: Container): string[] | null {
  const s = c.spec
  const o: string[] = []
  if (s.seccomp !== 'builtin') o.push(`seccomp=${s.seccomp}`)
  if (s.apparmor !== 'docker-default') o.push(`apparmor=${s.apparmor}`)
  if (s.noNewPrivileges) o.push('no-new-privileges')
  return o.length ? o : null
}
