// Host-kernel bugs: one bug, every container on the host (they share the kernel).
import type { VulnEntry } from './types.ts'

/** fs/fs_context.c legacy_parse_param(): `if (len > PAGE_SIZE - 2 - size)` underflows once size > PAGE_SIZE - 2. */
export const CVE_2022_0185: VulnEntry = {
  id: 'CVE-2022-0185',
  component: 'kernel',
  // Introduced with the fs_context API (3e1aeb00e6d1, v5.1-rc1); fixed by 722d94847de2
  // "vfs: fs_context: fix up param length parsing in legacy_parse_param" (v5.16.2 and the stable trees).
  ranges: [{ introduced: '5.1', fixed: '5.16.2', backports: { '5.4': '5.4.173', '5.10': '5.10.93', '5.15': '5.15.16' } }],
  codePath: 'fs/fs_context.c legacy_parse_param()',
  demoVersion: '5.16.1',
  preconditions: [
    'CAP_SYS_ADMIN in the user namespace owning the caller\'s mount namespace (fsopen(2))',
    'unprivileged user namespaces: unshare(CLONE_NEWUSER) gives that capability',
    'a filesystem still on the legacy mount-option parser (e.g. ext4 in 5.16)',
  ],
  effect: 'heap overflow of the 4 KiB option buffer → kernel code execution: commit_creds(prepare_kernel_cred(0)) and the initial namespaces; host root and every container\'s files',
  fix: 'fsconfig() returns EINVAL and logs "VFS: Legacy: Cumulative options too large"',
  stoppedBy: ['patched', 'seccomp', 'userns-sysctl', 'vm'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2022-0185',
    'https://git.kernel.org/linus/722d94847de29310e8aa03fcbdb41fc92c521756',
    'https://www.willsroot.io/2022/01/cve-2022-0185.html',
  ],
}

/** fs/pipe.c: copy_page_to_iter_pipe()/push_pipe() did not initialise buf->flags, leaving PIPE_BUF_FLAG_CAN_MERGE. */
export const CVE_2022_0847: VulnEntry = {
  id: 'CVE-2022-0847',
  name: 'Dirty Pipe',
  component: 'kernel',
  // The flag became harmful with f6dd975583bd "pipe: merge anon_pipe_buf*_ops" (v5.8); fixed by
  // 9d2231c5d74e "lib/iov_iter: initialize "flags" in new pipe_buffer" (5.16.11, 5.15.25, 5.10.102).
  ranges: [{ introduced: '5.8', fixed: '5.16.11', backports: { '5.10': '5.10.102', '5.15': '5.15.25' } }],
  codePath: 'fs/pipe.c pipe_write() / lib/iov_iter.c copy_page_to_iter_pipe()',
  demoVersion: '5.16.10',
  preconditions: [
    'read access to the target file (no capability)',
    'cannot change the first byte of a page, nor grow the file',
  ],
  effect: 'overwrites the page cache of any readable file, even read-only mounts and shared image layers: every container using the layer sees the change',
  fix: 'splice() leaves the pipe buffer without PIPE_BUF_FLAG_CAN_MERGE: the write goes to a new pipe buffer, not the file',
  stoppedBy: ['patched', 'vm'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2022-0847',
    'https://dirtypipe.cm4all.com/',
    'https://git.kernel.org/linus/9d2231c5d74e13b2a0546fee6737ee4446017903',
  ],
}

/** kernel/cgroup/cgroup-v1.c cgroup_release_agent_write(): no capable(CAP_SYS_ADMIN) in the initial user namespace. */
export const CVE_2022_0492: VulnEntry = {
  id: 'CVE-2022-0492',
  component: 'kernel',
  // release_agent dates from cgroup v1 itself; fixed by 24f600856418 "cgroup-v1: Require capabilities
  // to set release_agent" (v5.17-rc3; 5.16.6, 5.15.20, 5.10.97, 5.4.177, 4.19.229, 4.14.266, 4.9.301).
  ranges: [{
    introduced: '2.6.24', fixed: '5.17-rc3',
    backports: { '5.16': '5.16.6', '5.15': '5.15.20', '5.10': '5.10.97', '5.4': '5.4.177', '4.19': '4.19.229', '4.14': '4.14.266', '4.9': '4.9.301' },
  }],
  codePath: 'kernel/cgroup/cgroup-v1.c cgroup_release_agent_write()',
  demoVersion: '5.16.5',
  preconditions: [
    'root (uid 0) in the container: the hierarchy\'s files belong to host root',
    'a cgroup v1 hierarchy on the host to join (unshare -UrmC, then mount -t cgroup -o rdma): a cgroup v2-only host has none, and one cannot be created from a cgroup namespace',
    'unprivileged user namespaces',
    'no seccomp or AppArmor/SELinux confinement (both refuse mount/unshare)',
  ],
  // A v1/hybrid host, as Ubuntu 20.04's systemd set them up: the rdma controller's hierarchy is mounted.
  demoSetup: 'mkdir -p /run/cgroup-v1/rdma && mount -t cgroup -o rdma cgroup /run/cgroup-v1/rdma',
  needsRoot: true,
  effect: 'the host kernel runs the release agent as root in the initial namespaces when the cgroup empties: host command execution',
  fix: 'writing release_agent needs CAP_SYS_ADMIN in the initial user namespace: EPERM',
  stoppedBy: ['patched', 'seccomp', 'apparmor', 'userns-sysctl', 'userns-remap', 'cgroup-v2', 'vm'],
  references: [
    'https://nvd.nist.gov/vuln/detail/CVE-2022-0492',
    'https://git.kernel.org/linus/24f6008564183aa120d07c03d9289519c2fe02af',
    'https://unit42.paloaltonetworks.com/cve-2022-0492-cgroups/',
    'https://sysdig.com/blog/detecting-mitigating-cve-2022-0492-sysdig/',
  ],
}

export const KERNEL_CVES: readonly VulnEntry[] = [CVE_2022_0185, CVE_2022_0847, CVE_2022_0492]
