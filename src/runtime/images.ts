// The built-in registry ("Docker Hub" for an offline machine): the images a
// learner can pull, each a list of layers, each layer a list of entries. A
// layer's files are the simulated ELF stand-ins of the programs the host also
// has (kernel-sim/kernel/task/exec.ts: "\x7fELF isolab:<program>").
//
// SIMPLIFICATION: busybox/alpine applets are one ELF stand-in per applet
// instead of symlinks to /bin/busybox (a multi-call binary would need the
// program registry inside a program); `sh`/`ash` run isolab's bash.
// SIMPLIFICATION: digests and sizes are fixed, plausible values (no real
// tarballs); each layer id is the sha256 the registry would name it by.

export interface LayerEntry {
  path: string
  type: 'd' | 'f' | 'l'
  mode: number
  /** File data, symlink target, or program name for 'x' files. */
  data: string
  /** For 'f': data is a program name to wrap as an ELF stand-in. */
  elf?: boolean
}

export interface Layer {
  /** Short digest shown by `docker pull` ("a0d0a0d46f8b: Pull complete"). */
  digest: string
  entries: LayerEntry[]
}

export interface Image {
  repo: string
  tag: string
  /** The image id (sha256 of the config): `docker images` shows its first 12 hex digits. */
  id: string
  /** Manifest digest printed by `docker pull` ("Digest: sha256:..."). */
  digest: string
  /** Virtual size in bytes, as `docker images` shows it. */
  size: number
  /** Image creation time, seconds since the epoch. */
  created: number
  cmd: string[]
  env: string[]
  entrypoint: string[]
  exposedPorts: string[]
  /** The Dockerfile's STOPSIGNAL (what `docker stop` sends first); absent = SIGTERM. */
  stopSignal?: string
  layers: Layer[]
}

const BUSYBOX_APPLETS = [
  'sh', 'ash', 'cat', 'echo', 'ls', 'ps', 'sleep', 'hostname', 'id', 'env', 'kill', 'mkdir', 'rm', 'rmdir',
  'head', 'tail', 'wc', 'grep', 'sed', 'awk', 'sort', 'uniq', 'cut', 'tr', 'tee', 'touch', 'true', 'false',
  'uname', 'whoami', 'seq', 'readlink', 'stat', 'ln', 'free', 'dmesg', 'nproc', 'yes', 'printf', 'mount',
  'umount', 'nsenter', 'unshare', 'ip', 'nc', 'top', 'chroot', 'setpriv', 'capsh', 'getpcaps', 'memhog',
  'fdflood', 'forkbomb', 'mknod', 'clear', 'docker', 'ping', 'cpuburn', 'lsns', 'tty',
]
const COREUTILS = BUSYBOX_APPLETS.filter((a) => a !== 'ash')
const PROGRAM_OF: Record<string, string> = { sh: 'bash', ash: 'bash' }

const dir = (path: string, mode = 0o755): LayerEntry => ({ path, type: 'd', mode, data: '' })
const file = (path: string, data: string, mode = 0o644): LayerEntry => ({ path, type: 'f', mode, data })
const exe = (path: string, program: string): LayerEntry => ({ path, type: 'f', mode: 0o755, data: program, elf: true })
const link = (path: string, target: string): LayerEntry => ({ path, type: 'l', mode: 0o777, data: target })

const FHS = ['/dev', '/proc', '/sys', '/etc', '/root', '/tmp', '/var', '/var/log', '/var/tmp', '/run', '/mnt', '/home', '/opt', '/srv', '/usr', '/usr/bin', '/usr/sbin', '/usr/local', '/usr/local/bin', '/usr/share']

function baseDirs(): LayerEntry[] {
  return FHS.map((p) => dir(p, p === '/tmp' || p === '/var/tmp' ? 0o1777 : p === '/root' ? 0o700 : 0o755))
}

const passwd = (shell: string) => [
  `root:x:0:0:root:/root:${shell}`, 'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin', 'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin', 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
].join('\n') + '\n'
const group = 'root:x:0:\ndaemon:x:1:\nbin:x:2:\ntty:x:5:\nwww-data:x:33:\nnogroup:x:65534:\n'

function busyboxLayer(digest: string, osRelease?: string): Layer {
  const entries = [...baseDirs(), dir('/bin'), dir('/sbin'), exe('/bin/busybox', 'busybox')]
  for (const a of BUSYBOX_APPLETS) entries.push(exe(`/bin/${a}`, PROGRAM_OF[a] ?? a))
  entries.push(file('/etc/passwd', passwd('/bin/sh')), file('/etc/group', group))
  if (osRelease) entries.push(file('/etc/os-release', osRelease))
  return { digest, entries }
}

function debianLayer(digest: string, osRelease: string): Layer {
  // Debian 12 and Ubuntu 24.04 have merged /usr: /bin and /sbin are symlinks.
  const entries = [...baseDirs(), link('/bin', 'usr/bin'), link('/sbin', 'usr/sbin'), exe('/usr/bin/bash', 'bash'), exe('/usr/bin/sh', 'bash'), exe('/usr/bin/dash', 'bash')]
  for (const a of COREUTILS) if (a !== 'sh') entries.push(exe(`/usr/bin/${a}`, PROGRAM_OF[a] ?? a))
  entries.push(file('/etc/passwd', passwd('/bin/bash')), file('/etc/group', group), file('/etc/os-release', osRelease))
  return { digest, entries }
}

const ALPINE_OS = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\n'
const DEBIAN_OS = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n'
const UBUNTU_OS = 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nID=ubuntu\nID_LIKE=debian\n'
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

const NGINX_INDEX = '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n'

/** The registry's catalogue, by "repo:tag". */
export const REGISTRY: Record<string, Image> = {}

/** Docker Hub's repository descriptions and star counts, for `docker search` (all official images). */
export const REPOSITORIES: Record<string, { description: string; stars: number; official: boolean }> = {}

/**
 * Adds an image under its tag and its other tags: a tag is one more name for
 * the same manifest (alpine:latest, alpine:3, alpine:3.20 and alpine:3.20.3
 * are one image with one id), as Docker Hub's official images are tagged.
 */
function add(img: Image, aliases: readonly string[] = []): void {
  for (const tag of [img.tag, ...aliases]) REGISTRY[`${img.repo}:${tag}`] = { ...img, tag }
}

function repository(name: string, description: string, stars: number, official = true): void {
  REPOSITORIES[name] = { description, stars, official }
}

/** Is this a repository the registry has (whatever the tag)? */
export const knownRepository = (repo: string) => Object.hasOwn(REPOSITORIES, repo)

add({
  repo: 'alpine', tag: 'latest', id: '91ef0af61f39ece4d6710e6e1c4a5ec1c8e6bcf2a4c8b4c9e8f9ab3b4fb5d3f1',
  digest: 'sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d', size: 7_800_000,
  created: 1_725_000_000, cmd: ['/bin/sh'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [busyboxLayer('43c4264eed91', ALPINE_OS)],
}, ['3', '3.20', '3.20.3'])
add({
  repo: 'busybox', tag: 'latest', id: '27a71e19c95622dce4b60e1e1b0b4f02d8c4b5cb2bd28ab1f6b8b1d1e1c0a7e2',
  digest: 'sha256:db142d433cdde11f10ae479dbf92f3b13d693fd1c91053da9979728cceb1dc68', size: 4_270_000,
  created: 1_727_000_000, cmd: ['sh'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [busyboxLayer('a46fbb00284b')],
}, ['1', '1.37', '1.37.0', 'stable'])
add({
  repo: 'debian', tag: 'latest', id: '617f2e89852ed8dd9c1b4e0b7a2f1e7c4a2cb0b5a5d6bbd9b5ad7d8e1c0f9a3b',
  digest: 'sha256:e11072c1614c08bf88b543fcfe09d75a0426d90896408e926454e88078274fcb', size: 117_000_000,
  created: 1_730_000_000, cmd: ['bash'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [debianLayer('cf05a52c0235', DEBIAN_OS)],
}, ['12', 'bookworm'])
add({
  repo: 'ubuntu', tag: 'latest', id: 'b1d9df8ab81559494794e522b380878cf9ba82d4c1fb67293bcf931c3aa69ae4',
  digest: 'sha256:99c35190e22d294cdace2783ac55effc69d32896daaa265f0bbedbcde4fbe3e5', size: 78_100_000,
  created: 1_728_000_000, cmd: ['/bin/bash'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [debianLayer('ff65ddf9395b', UBUNTU_OS)],
}, ['24.04', 'noble'])
add({
  repo: 'nginx', tag: 'latest', id: '3b25b682ea82b2db3cc4fd48db818be788ee3f902ac7378090cf2624ec2442df',
  digest: 'sha256:bc5eac5eafc581aeda3008b4b1f07ebba230de2f27d47767129a6a905c84f470', size: 192_000_000,
  created: 1_731_000_000, stopSignal: 'SIGQUIT', cmd: ['nginx', '-g', 'daemon off;'], env: [PATH_ENV, 'NGINX_VERSION=1.27.2'], entrypoint: [],
  exposedPorts: ['80/tcp'],
  layers: [
    debianLayer('2d429b9e73a6', DEBIAN_OS),
    { digest: '9b1039c85176', entries: [dir('/usr/share/nginx'), dir('/usr/share/nginx/html'), dir('/etc/nginx'), exe('/usr/sbin/nginx', 'nginx'), file('/usr/share/nginx/html/index.html', NGINX_INDEX)] },
  ],
}, ['1', '1.27', '1.27.2', 'mainline'])

// Older releases a learner asks for by tag: their own layers and ids (a different
// base means different bytes), so `docker images` lists them as separate images.
const ALPINE_319_OS = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.4\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\n'
const DEBIAN_11_OS = 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nID=debian\n'
const UBUNTU_2204_OS = 'PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n'
add({
  repo: 'alpine', tag: '3.19', id: 'a606584aa9aa875552092ec9e1d62cb98d486f51f389609914039aabd9414687',
  digest: 'sha256:7a85bf5dc56c949be827f84f9185161265c58f589bb8b2a6b6bb6d3076c1be21', size: 7_380_000,
  created: 1_725_000_000, cmd: ['/bin/sh'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [busyboxLayer('6f6bd2bd6d53', ALPINE_319_OS)],
}, ['3.19.4'])
add({
  repo: 'debian', tag: 'bullseye', id: '2a5a5ab6d16a5b7f1e7d4b9e64b0c2c7d8e9f0a1b2c3d4e5f60718293a4b5c6d',
  digest: 'sha256:b0c91cc181796d34c53f7ea106fbcddaf87f3e601cc371af6a24a019a489c980', size: 124_000_000,
  created: 1_730_000_000, cmd: ['bash'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [debianLayer('a2318d6c47ec', DEBIAN_11_OS)],
}, ['11'])
add({
  repo: 'ubuntu', tag: '22.04', id: '97271d29cb7956f0908cfb1449610a2cd9cb46b004ac8af25f0255663eb364ba',
  digest: 'sha256:0e5e4a57c2499249aafc3b40fcd541e9a456aab7296681a3994d631587203f97', size: 77_900_000,
  created: 1_728_000_000, cmd: ['/bin/bash'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [debianLayer('6414378b6477', UBUNTU_2204_OS)],
}, ['jammy'])
add({
  repo: 'nginx', tag: '1.25', id: 'a8758716bb6aa4d90071160d27028fe4eaee7ce8166221a97d30440c8eac2be6',
  digest: 'sha256:a484819eb60211f5299034ac80f6a681b06f89e65866ce91f356ed7c72af059c', size: 188_000_000,
  created: 1_716_000_000, stopSignal: 'SIGQUIT', cmd: ['nginx', '-g', 'daemon off;'], env: [PATH_ENV, 'NGINX_VERSION=1.25.5'], entrypoint: [],
  exposedPorts: ['80/tcp'],
  layers: [
    debianLayer('09f376ebb190', DEBIAN_OS),
    { digest: 'a11fc495bafd', entries: [dir('/usr/share/nginx'), dir('/usr/share/nginx/html'), dir('/etc/nginx'), exe('/usr/sbin/nginx', 'nginx'), file('/usr/share/nginx/html/index.html', NGINX_INDEX)] },
  ],
}, ['1.25.5'])

// Language runtimes and servers on Debian 12 (bookworm), as their official images are: the same
// base layer as debian:bookworm ("Already exists" when one is pulled after another, one copy in
// the page cache), then a layer with the program (src/programs/docker/apps: stand-ins that print
// the real banner and version; the version comes from the image's environment, as the official
// Dockerfiles set PYTHON_VERSION, NODE_VERSION, REDIS_VERSION and PG_VERSION).
const BOOKWORM = 'cf05a52c0235'
function app(digest: string, entries: LayerEntry[]): Layer[] {
  return [debianLayer(BOOKWORM, DEBIAN_OS), { digest, entries: [dir('/usr/local'), dir('/usr/local/bin'), ...entries] }]
}
const pythonLayer = (digest: string, minor: string) => app(digest, [
  exe('/usr/local/bin/python3', 'python3'), link(`/usr/local/bin/python${minor}`, 'python3'), link('/usr/local/bin/python', 'python3'),
])
add({
  repo: 'python', tag: 'latest', id: 'd9ff7087d2df0c51ebe4ddac92837b5ebc9a75e995341b517a9367b09f89c379',
  digest: 'sha256:29e89abdf427a3c2ce772f3228128009ba84acc106251096acef2c247a0d56e0', size: 1_020_000_000,
  created: 1_729_000_000, cmd: ['python3'], env: [PATH_ENV, 'LANG=C.UTF-8', 'PYTHON_VERSION=3.13.0'], entrypoint: [], exposedPorts: [],
  layers: pythonLayer('e134a78dc867', '3.13'),
}, ['3', '3.13', '3.13.0', 'bookworm'])
add({
  repo: 'python', tag: '3.12', id: '050988fe88e25870ba571872dbfa56d902534a60e39aaff2cd41aed557f4f75f',
  digest: 'sha256:6fd83f7cd980e4fda2fe4af837fcb079155b6a663a9b9f0dd4e79f275ef46b9f', size: 1_020_000_000,
  created: 1_729_000_000, cmd: ['python3'], env: [PATH_ENV, 'LANG=C.UTF-8', 'PYTHON_VERSION=3.12.7'], entrypoint: [], exposedPorts: [],
  layers: pythonLayer('2a72b8ff06c9', '3.12'),
}, ['3.12.7', '3.12-bookworm'])
// SIMPLIFICATION: node's ENTRYPOINT docker-entrypoint.sh is left out (it only execs node or the command).
add({
  repo: 'node', tag: 'latest', id: '1f1c8db78d3843a67616626790915223da3ac6972776d9bff29401c3f1898f31',
  digest: 'sha256:1d5226c70590c4c716c4f998d12f0315965140d069219b517f800e9e82ef762b', size: 1_120_000_000,
  created: 1_730_000_000, cmd: ['node'], env: [PATH_ENV, 'NODE_VERSION=22.11.0', 'YARN_VERSION=1.22.22'], entrypoint: [], exposedPorts: [],
  layers: app('d35011ac3fe2', [exe('/usr/local/bin/node', 'node')]),
}, ['22', '22.11', '22.11.0', 'lts', 'bookworm'])
add({
  repo: 'node', tag: '20', id: '4ec1e66096cc56263ad8c770aabfecca3c715b8f1331dc0393284c92f0ccb161',
  digest: 'sha256:211ef9f5adefbf6ed186305d59a73a70bccfcf0fd2787047ee3ee60654fed9a1', size: 1_100_000_000,
  created: 1_729_000_000, cmd: ['node'], env: [PATH_ENV, 'NODE_VERSION=20.18.0', 'YARN_VERSION=1.22.22'], entrypoint: [], exposedPorts: [],
  layers: app('3291aaab43b6', [exe('/usr/local/bin/node', 'node')]),
}, ['20.18', '20.18.0', 'iron'])
const redisLayer = (digest: string) => app(digest, [exe('/usr/local/bin/redis-server', 'redis-server'), exe('/usr/local/bin/redis-cli', 'redis-cli'), dir('/data')])
add({
  repo: 'redis', tag: 'latest', id: '2dd149bf128127d4149226f632acb9fdc3285bb30bd2a45b932b4fb0f6c844f2',
  digest: 'sha256:5bafa7c447661034e03203d8c7d5dd2d229f5a1cf81bb18cfde4273fefe97382', size: 117_000_000,
  created: 1_730_000_000, cmd: ['redis-server'], env: [PATH_ENV, 'REDIS_VERSION=7.4.1'], entrypoint: [], exposedPorts: ['6379/tcp'],
  layers: redisLayer('3776cdb6f12a'),
}, ['7', '7.4', '7.4.1', 'bookworm'])
add({
  repo: 'redis', tag: '7.2', id: '21326679e05bcd78b2b002f5333538a248378d83352a8185f75c74ef013504e2',
  digest: 'sha256:61e199e7406f6ed42a669b01c9f757965869d907c3413ee12864f28cab513c0c', size: 117_000_000,
  created: 1_727_000_000, cmd: ['redis-server'], env: [PATH_ENV, 'REDIS_VERSION=7.2.6'], entrypoint: [], exposedPorts: ['6379/tcp'],
  layers: redisLayer('767d79a53f30'),
}, ['7.2.6'])
const postgresLayer = (digest: string, major: string) => [
  debianLayer(BOOKWORM, DEBIAN_OS),
  { digest, entries: [dir('/usr/lib/postgresql'), dir(`/usr/lib/postgresql/${major}`), dir(`/usr/lib/postgresql/${major}/bin`),
    exe(`/usr/lib/postgresql/${major}/bin/postgres`, 'postgres'), dir('/var/lib/postgresql'), dir('/var/run/postgresql', 0o2777)] },
]
add({
  repo: 'postgres', tag: 'latest', id: 'd2eea1b2365822fc5683e9479b10137e49c6cca22d78ea79b7ad03ae6da0f23c',
  digest: 'sha256:8ac6c127ea2257f5e649e0de9e46047b95fc3fe4a30528388898c8944cf09393', size: 435_000_000,
  created: 1_730_000_000, stopSignal: 'SIGINT', cmd: ['postgres'],
  env: [`PATH=/usr/lib/postgresql/17/bin:${PATH_ENV.slice(5)}`, 'PG_MAJOR=17', 'PG_VERSION=17.0-1.pgdg120+1', 'PGDATA=/var/lib/postgresql/data'],
  entrypoint: [], exposedPorts: ['5432/tcp'], layers: postgresLayer('8c8673f31c59', '17'),
}, ['17', '17.0', 'bookworm'])
add({
  repo: 'postgres', tag: '16', id: '82c4dff72b1f4a36615d53b58e68930107f2a442e2eed5d7475c43678f7e54d4',
  digest: 'sha256:101a46fa991eb3ccafca5c470bc8ba31c670d8b2baa6c5beb395a1ec051cce5e', size: 432_000_000,
  created: 1_725_000_000, stopSignal: 'SIGINT', cmd: ['postgres'],
  env: [`PATH=/usr/lib/postgresql/16/bin:${PATH_ENV.slice(5)}`, 'PG_MAJOR=16', 'PG_VERSION=16.4-1.pgdg120+2', 'PGDATA=/var/lib/postgresql/data'],
  entrypoint: [], exposedPorts: ['5432/tcp'], layers: postgresLayer('142f1399edc4', '16'),
}, ['16.4'])

// Docker Hub's descriptions (truncated by `docker search` to 45 characters) and star counts as of late 2024.
repository('alpine', 'A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!', 11146)
repository('busybox', 'Busybox base image.', 3388)
repository('debian', 'Debian is a Linux distribution that\'s composed entirely of free and open-source software.', 5180)
repository('ubuntu', 'Ubuntu is a Debian-based Linux operating system based on free software.', 17514)
repository('nginx', 'Official build of Nginx.', 20301)
repository('python', 'Python is an interpreted, interactive, object-oriented, open-source programming language.', 9872)
repository('node', 'Node.js is a JavaScript-based platform for server-side and networking applications.', 13642)
repository('redis', 'Redis is the world’s fastest data platform for caching, vector search, and NoSQL databases.', 12941)
repository('postgres', 'The PostgreSQL object-relational database system provides reliability and data integrity.', 14018)

// The exploits a learner runs in a container (exploit --list): alpine plus isolab's exploit and vulns tools,
// as ghcr.io-style "exploit kit" images ship them.
add({
  repo: 'isolab/exploits', tag: 'latest', id: 'c0ffee5e0185084700492573621626a1b2c3d4e5f60718293a4b5c6d7e8f9a0b',
  digest: 'sha256:0185084704925736216263456c0ffee00112233445566778899aabbccddeeff0', size: 9_100_000,
  created: 1_733_000_000, cmd: ['exploit', '--list'], env: [PATH_ENV], entrypoint: [], exposedPorts: [],
  layers: [
    busyboxLayer('43c4264eed91', ALPINE_OS),
    { digest: 'e7a1b0c50185', entries: [exe('/usr/local/bin/exploit', 'exploit'), exe('/usr/local/bin/vulns', 'vulns')] },
  ],
})

repository('isolab/exploits', 'Exploits for the CVEs isolab models (exploit --list), for learning only', 0, false)

/** "alpine" → "alpine:latest"; "library/alpine:3" → "alpine:3"; undefined if malformed. */
export function normalizeRef(ref: string): string | undefined {
  let r = ref.replace(/^docker\.io\//, '').replace(/^library\//, '')
  if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/.test(r)) return undefined
  if (!r.includes(':')) r += ':latest'
  return r
}

