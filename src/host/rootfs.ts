// The distribution: the files a fresh host has besides /dev, /proc and /sys
// (which the kernel provides): the FHS directories, /etc, and every program
// as an executable at its Debian path.
import { DEFAULT_VERSIONS, ELF_PREFIX, Installer, type Kernel } from '../../kernel-sim/index.ts'

export interface InstalledProgram {
  name: string
  path: string
  /** Only inside images: not installed on the host. */
  imageOnly?: boolean
}

const DIRS: [string, number][] = [
  ['/bin', 0o755], ['/sbin', 0o755], ['/usr', 0o755], ['/usr/bin', 0o755], ['/usr/sbin', 0o755],
  ['/usr/local', 0o755], ['/usr/local/bin', 0o755], ['/usr/local/sbin', 0o755], ['/usr/share', 0o755],
  ['/etc', 0o755], ['/home', 0o755], ['/root', 0o700], ['/tmp', 0o1777], ['/var', 0o755], ['/var/lib', 0o755], ['/var/log', 0o755],
  ['/var/tmp', 0o1777], ['/run', 0o755], ['/mnt', 0o755], ['/opt', 0o755], ['/srv', 0o755], ['/home/user', 0o755],
]

export function installRootfs(k: Kernel, hostname: string, programs: readonly InstalledProgram[]): void {
  const fs = new Installer(k) // one unpacking: /usr/bin is looked up once for all its programs (every guest boot does this)
  for (const [path, mode] of DIRS) fs.dir(path, mode, path === '/home/user' ? 1000 : 0, path === '/home/user' ? 1000 : 0)
  const files: [string, string, number][] = [
    ['/etc/hostname', hostname + '\n', 0o644],
    ['/etc/passwd', PASSWD, 0o644],
    ['/etc/group', GROUP, 0o644],
    ['/etc/shadow', 'root:*:20000:0:99999:7:::\n', 0o640],
    ['/etc/os-release', OS_RELEASE, 0o644],
    ['/etc/hosts', `127.0.0.1\tlocalhost\n127.0.1.1\t${hostname}\n`, 0o644],
    ['/etc/motd', MOTD, 0o644],
    ['/root/.bashrc', '', 0o644],
  ]
  for (const [path, data, mode] of files) fs.file(path, data, mode)
  const stamps = versionStamps(k)
  for (const p of programs) if (!p.imageOnly) fs.file(p.path, `${ELF_PREFIX}${p.name}\n${stamps[p.name] ?? ''}`, 0o755)
  fs.symlink('/var/run', '/run')
}

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
  'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
  'user:x:1000:1000:isolab user:/home/user:/bin/bash',
  'libvirt-qemu:x:64055:108:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
].join('\n') + '\n'

const GROUP = [
  'root:x:0:', 'daemon:x:1:', 'bin:x:2:', 'sys:x:3:', 'adm:x:4:', 'tty:x:5:', 'disk:x:6:', 'www-data:x:33:',
  'users:x:100:', 'kvm:x:108:libvirt-qemu', 'user:x:1000:', 'nogroup:x:65534:',
].join('\n') + '\n'

const OS_RELEASE = `PRETTY_NAME="isolab GNU/Linux (Debian 12 bookworm userland)"
NAME="isolab"
VERSION_ID="12"
ID=debian
HOME_URL="https://github.com/isolab"
`

const MOTD = `Welcome to isolab: a simulated Linux host. Type 'help' for commands.
`

/**
 * The version built into a versioned binary (runc, qemu), as a note after the
 * program line: `runc --version` and `qemu-system-x86_64 --version` read it
 * from /proc/self/exe, so what a binary says is what the file holds (binary-version.ts).
 */
function versionStamps(k: Kernel): Record<string, string> {
  const v = k.s.machine.versions ?? DEFAULT_VERSIONS
  return { runc: `version=${v.runc}\n`, 'qemu-system-x86_64': `version=${v.qemu}\n` }
}
