// The distribution: the files a fresh host has besides /dev, /proc and /sys
// (which the kernel provides): the FHS directories, /etc, and every program
// as an executable at its Debian path.
import { ELF_PREFIX, dirAdd, newInode, namei, type Kernel } from '../../kernel-sim/index.ts'
import type { Task } from '../../kernel-sim/index.ts'

export interface InstalledProgram {
  name: string
  path: string
}

const DIRS: [string, number][] = [
  ['/bin', 0o755], ['/sbin', 0o755], ['/usr', 0o755], ['/usr/bin', 0o755], ['/usr/sbin', 0o755],
  ['/usr/local', 0o755], ['/usr/local/bin', 0o755], ['/usr/local/sbin', 0o755], ['/usr/share', 0o755],
  ['/etc', 0o755], ['/home', 0o755], ['/root', 0o700], ['/tmp', 0o1777], ['/var', 0o755], ['/var/log', 0o755],
  ['/var/tmp', 0o1777], ['/run', 0o755], ['/mnt', 0o755], ['/opt', 0o755], ['/srv', 0o755], ['/home/user', 0o755],
]

export function installRootfs(k: Kernel, hostname: string, programs: readonly InstalledProgram[]): void {
  const root = k.task(1)!
  for (const [path, mode] of DIRS) mkdir(k, root, path, mode)
  chownPath(k, root, '/home/user', 1000, 1000)
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
  for (const [path, data, mode] of files) writeFile(k, root, path, data, mode)
  for (const p of programs) writeFile(k, root, p.path, `${ELF_PREFIX}${p.name}\n`, 0o755)
  symlink(k, root, '/var/run', '/run')
  symlink(k, root, '/sbin/init', '/lib/systemd/systemd')
}

function mkdir(k: Kernel, t: Task, path: string, mode: number): number {
  const found = namei(k, t, path)
  if (typeof found !== 'number' && found.node.kind === 'tmpfs') return found.node.ino
  const slash = path.lastIndexOf('/')
  const parent = slash <= 0 ? rootIno(k, t) : mkdir(k, t, path.slice(0, slash), 0o755)
  const d = newInode(k, 'd', mode, 0, 0)
  dirAdd(k, parent, path.slice(slash + 1), d.ino)
  return d.ino
}

function rootIno(k: Kernel, t: Task): number {
  const r = namei(k, t, '/')
  if (typeof r === 'number' || r.node.kind !== 'tmpfs') throw new Error('isolab: no root filesystem')
  return r.node.ino
}

function writeFile(k: Kernel, t: Task, path: string, data: string, mode: number): void {
  const slash = path.lastIndexOf('/')
  const dir = mkdir(k, t, path.slice(0, slash) || '/', 0o755)
  const name = path.slice(slash + 1)
  if (k.inode(dir)!.entries[name] !== undefined) return
  const f = newInode(k, 'f', mode, 0, 0)
  f.data = data
  k.ctr().shmemBytes += data.length
  dirAdd(k, dir, name, f.ino)
}

function symlink(k: Kernel, t: Task, path: string, target: string): void {
  const slash = path.lastIndexOf('/')
  const dir = mkdir(k, t, path.slice(0, slash) || '/', 0o755)
  const name = path.slice(slash + 1)
  if (k.inode(dir)!.entries[name] !== undefined) return
  const l = newInode(k, 'l', 0o777, 0, 0)
  l.data = target
  dirAdd(k, dir, name, l.ino)
}

function chownPath(k: Kernel, t: Task, path: string, uid: number, gid: number): void {
  const r = namei(k, t, path)
  if (typeof r === 'number' || r.node.kind !== 'tmpfs') return
  const w = k.mutInode(r.node.ino)
  w.uid = uid
  w.gid = gid
}

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
  'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin',
  'user:x:1000:1000:isolab user:/home/user:/bin/bash',
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
].join('\n') + '\n'

const GROUP = [
  'root:x:0:', 'daemon:x:1:', 'bin:x:2:', 'sys:x:3:', 'adm:x:4:', 'tty:x:5:', 'www-data:x:33:',
  'users:x:100:', 'user:x:1000:', 'nogroup:x:65534:',
].join('\n') + '\n'

const OS_RELEASE = `PRETTY_NAME="isolab GNU/Linux (Debian 12 bookworm userland)"
NAME="isolab"
VERSION_ID="12"
ID=debian
HOME_URL="https://github.com/isolab"
`

const MOTD = `Welcome to isolab: a simulated Linux host. Type 'help' for commands.
`
