// Container-runtime bugs: runc, the process that builds each container.
import type { VulnEntry } from './types.ts'

export const CVE_2019_5736: VulnEntry = {
  id: 'CVE-2019-5736',
  component: 'runc',
  // Fixed by 0a8e4117e7f7 "nsenter: clone /proc/self/exe to avoid exposing host binary to container" (v1.0.0-rc7; Docker 18.09.2).
  ranges: [{ introduced: '0', fixed: '1.0.0-rc7' }],
  codePath: 'runc exec: libcontainer/nsenter (runc init runs the host binary inside the container)',
  demoVersion: '1.0.0-rc6',
  preconditions: [
    'root (uid 0) in the container, mapped to host root (no user-namespace remapping)',
    'someone runs `docker exec` into the container (runc init enters it)',
  ],
  effect: 'the container opens /proc/<runc>/exe and, once runc has exec\'ed, rewrites the host\'s runc binary: the next docker run/exec runs the attacker\'s code as host root',
  fix: 'runc re-executes itself from a sealed memfd copy: /proc/self/exe is the copy, the host binary is never exposed',
  stoppedBy: ['patched', 'userns-remap', 'vm'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2019-5736',
    'https://github.com/opencontainers/runc/commit/0a8e4117e7f715d5fbeef398405813ce8e88558b',
    'https://unit42.paloaltonetworks.com/breaking-docker-via-runc-explaining-cve-2019-5736/',
  ],
}

export const CVE_2024_21626: VulnEntry = {
  id: 'CVE-2024-21626',
  name: 'Leaky Vessels',
  component: 'runc',
  // GHSA-xr7r-f8xq-vfvv: runc 1.0.0-rc93 to 1.1.11; fixed in 1.1.12 (Docker 25.0.2).
  ranges: [{ introduced: '1.0.0-rc93', fixed: '1.1.12' }],
  demoVersion: '1.1.11',
  codePath: 'runc init: an O_PATH fd of the host\'s /sys/fs/cgroup without O_CLOEXEC; chdir to the process\'s cwd before the fds are closed',
  preconditions: ['choosing the container\'s working directory: `docker run -w /proc/self/fd/<N>` or an image\'s WORKDIR'],
  effect: 'the container\'s first process starts with its cwd on the host\'s filesystem: ../../../../etc/shadow reads (and writes) the host',
  fix: 'runc closes every leaked fd before the exec and checks that the cwd is inside the container\'s root (ENOENT otherwise)',
  stoppedBy: ['patched', 'userns-remap', 'vm'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2024-21626',
    'https://github.com/opencontainers/runc/security/advisories/GHSA-xr7r-f8xq-vfvv',
  ],
}

export const RUNC_CVES: readonly VulnEntry[] = [CVE_2019_5736, CVE_2024_21626]
