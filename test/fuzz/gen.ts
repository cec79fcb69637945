// Random inputs for the fuzzer (scripts/fuzz.ts): shell lines built from the
// commands and the edge cases students and attackers type, docker flag
// combinations, workspace files and mutated lab files. Seeded: the same seed
// gives the same cases.

/** mulberry32: a small seeded PRNG (the fuzzer's only source of randomness). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
const some = <T>(r: Rand, n: number, f: () => T): T[] => Array.from({ length: Math.floor(r() * (n + 1)) }, f)

const NUMBERS = ['0', '1', '-1', '2', '7', '64', '255', '256', '1024', '65535', '65536', '2147483647', '2147483648', '4294967296',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '1e308', '1e999', '1.5', '0x10', '010', '1G', '1M', '10k',
  'abc', '', 'NaN', 'inf', '-0', '99999999999', '3.', '.5', '1e-5']
const WORDS = ['a', 'aa', 'x y', '*', '?', '[', ']', '{a,b}', '~', '-', '--', '-n', '-e', '-E', '$', '\\', "'", '"', '%s', '%d', '%*s',
  '%.*f', '%b', '\\0', '\\x00', '/', '/tmp', '/tmp/f', '/dev/zero', '/dev/null', '/proc/self/status', '/sys/fs/cgroup', '/etc/passwd',
  '(a|aa)+$', '^(a+)+$', '.*', '\\(a\\)\\1', 'é', '\u0000', '${', '$((', '`']
const FILES = ['/tmp/f', '/tmp/g', '/dev/null', '/dev/zero', '/dev/urandom', '/dev/full', '/etc/hostname', '/proc/self/status',
  '/sys/fs/cgroup/cgroup.procs', '/nope', '/tmp', '/']
const CMDS = ['echo', 'printf', 'cat', 'head', 'tail', 'wc', 'sort', 'uniq', 'cut', 'tr', 'grep', 'sed', 'awk', 'seq', 'yes', 'tee',
  'ls', 'stat', 'touch', 'mkdir', 'rm', 'rmdir', 'ln', 'readlink', 'id', 'whoami', 'hostname', 'uname', 'ps', 'kill', 'sleep', 'env',
  'free', 'nproc', 'dmesg', 'cgls', 'capsh', 'getpcaps', 'setpriv', 'unshare', 'nsenter', 'lsns', 'ip', 'nc', 'ping', 'mount',
  'chroot', 'ulimit', 'cd', 'test', '[', 'true', 'false', 'read', 'export', 'local', 'set', 'shift', 'type', 'exec', 'trap', 'wait',
  'umask', 'time', 'memhog', 'cpuburn', 'forkbomb', 'fdflood', 'vm', 'docker']

function word(r: Rand): string {
  switch (Math.floor(r() * 9)) {
    case 0: return pick(r, NUMBERS)
    case 1: return `"${pick(r, WORDS)}"`
    case 2: return `'${pick(r, WORDS).replace(/'/g, '')}'`
    case 3: return `$((${arith(r, 3)}))`
    case 4: return `$(${simple(r, 1)})`
    case 5: return pick(r, FILES)
    case 6: return `\${${pick(r, ['x', 'y', '#x', 'x:-d', 'x:=v', 'x//a/b', 'x:1:2', 'x%a', 'x^^', '!x', 'x?', '@', '#', '?', 'RANDOM'])}}`
    case 7: return `-${pick(r, 'abcdefhlnqrsvxzACEFHLNPSU'.split(''))}${r() < 0.3 ? pick(r, NUMBERS) : ''}`
    default: return pick(r, WORDS)
  }
}

export function arith(r: Rand, depth: number): string {
  if (depth <= 0 || r() < 0.3) return pick(r, [...NUMBERS.filter((n) => /^-?\d+$/.test(n)), 'x', 'i', '', '1/0', 'x++'])
  const op = pick(r, ['+', '-', '*', '/', '%', '**', '<<', '>>', '&', '|', '^', '&&', '||', '<', '==', '=', '+=', ',', '?1:'])
  return `${arith(r, depth - 1)}${op}${arith(r, depth - 1)}`
}

function simple(r: Rand, depth: number): string {
  const cmd = pick(r, CMDS)
  const args = some(r, 4, () => word(r))
  let s = [cmd, ...args].join(' ')
  if (r() < 0.2) s += ` ${pick(r, ['>', '>>', '<', '2>', '2>&1 >', '<<<', '&>'])} ${pick(r, FILES)}`
  if (depth > 0 && r() < 0.25) s += ` | ${simple(r, depth - 1)}`
  return s
}

/** One shell line: a simple command, a pipeline, a compound command or a known-dangerous shape. */
export function shellLine(r: Rand): string {
  switch (Math.floor(r() * 13)) {
    case 0: return `x=${word(r)}; ${simple(r, 2)}`
    case 1: return `for i in $(seq ${pick(r, ['3', '10', '1000'])}); do ${simple(r, 1)}; done`
    case 2: return `[[ ${word(r)} ${pick(r, ['=~', '==', '<', '-eq', '-lt', '!='])} ${word(r)} ]]; echo $?`
    case 3: return `printf ${word(r)} ${some(r, 3, () => word(r)).join(' ')}`
    case 4: return `cat <<E\n${some(r, 3, () => word(r)).join(' ')}\nE`
    case 5: return `f(){ ${simple(r, 1)}; }; f ${word(r)}`
    case 6: return `echo $((${arith(r, 4)}))`
    case 7: return `( ${simple(r, 2)} ) ${pick(r, ['&&', '||', ';', '&', '|'])} ${simple(r, 1)}`
    case 8: return `${pick(r, ['grep', 'grep -E', 'sed -n', 'sed -E', 'awk'])} '${pick(r, ['(a|aa)+$', '^(a+)+b', '/x/{print}', 's/a*/b/g', 'BEGIN{print 1/3}', '{a[$0]++} END{for(k in a) print k}', 'x\\{2,\\}'])}' <<< ${word(r)}`
    case 9: return dockerLine(r)
    case 10: return `ulimit ${pick(r, ['-n', '-u', '-v', '-d', '-s', '-Hn'])} ${pick(r, NUMBERS)}; ${simple(r, 1)}`
    case 11: return growth(r)
    default: return simple(r, 2)
  }
}

/**
 * Memory that grows inside the shell: a value doubled or quoted again each
 * round, word lists, listings of every variable, here-documents, pattern
 * substitution (seed 2's `export $(set)` loop ran Node out of heap).
 */
function growth(r: Rand): string {
  const seed = pick(r, ['x=a', 'x=$(seq 1000)', "x=\"'a b'\"", 'x=$(printf "%*s" 100000 "")', 'set -- $(seq 1000)'])
  const step = pick(r, ['x=$x$x', 'x="$x $x"', 'export x$i=$x', 'x=$(set)', 'x=$(declare -p)', 'x=$(export -p)', 'x="${x//a/$x}"',
    'x=${x// /  }', 'set -- "$@" "$@"', 'x=$(echo -e "$x\\n$x")', 'x=$(printf "%s%s" "$x" "$x")', 'x=$(cat <<E\n$x$x\nE\n)',
    "export '`' $(set) 2>&1 >/dev/null", 'read -r x <<< "$x$x"', 'x=$(echo $x $x)', 'x=$(echo /*/* $x)'])
  return `${seed}; for i in $(seq ${pick(r, ['8', '30', '1000'])}); do ${step}; done; echo \${#x} $#`
}

const DOCKER_FLAGS = ['-p 80:80', '-p 99999:1', '-p 80:0', '-p 1:65536', '-p abc', '-v /:/', '-v /tmp:/x', '-v :', '-e =x', '-e A=1',
  '-e', '--cpus 1000', '--cpus 0.5', '--cpus -1', '--user 99999999999', '--user root', '--user 1:1', '--security-opt apparmor=nope',
  '--security-opt seccomp=unconfined', '--security-opt no-new-privileges', '--pids-limit 1', '--pids-limit -1', '-m 4m', '-m 20m',
  '-m 0', '-m abc', '--memory-swap 1', '--privileged', '--cap-add ALL', '--cap-drop ALL', '--cap-add NOPE', '--network none',
  '--network host', '--network nope', '--pid host', '--ipc host', '--uts host', '--userns host', '--read-only', '--rm', '-d', '-i',
  '-t', '--name a', '--name -x', '--hostname ""', '--ulimit nofile=1:2', '--ulimit nofile=x', '--restart always', '--init',
  '--device /dev/kvm', '--tmpfs /tmp', '--workdir relative', '--entrypoint ""']
const IMAGES = ['alpine', 'debian', 'busybox', 'nginx', 'ubuntu', 'nope', 'alpine:3.19', 'UPPER', '']

function dockerLine(r: Rand): string {
  const sub = pick(r, ['run', 'run', 'run', 'create', 'exec', 'pull', 'rm -f', 'inspect', 'stop', 'kill', 'logs', 'ps -a', 'images', 'network create'])
  const flags = some(r, 4, () => pick(r, DOCKER_FLAGS)).join(' ')
  return `docker ${sub} ${flags} ${pick(r, IMAGES)} ${r() < 0.5 ? simple(r, 0) : ''}`.replace(/\s+$/, '')
}

/** A docker invocation alone (the docker-flag part of a fuzz run). */
export const dockerCase = dockerLine

const LAB_VALUES = ['', '~', 'null', '[]', '{}', '-1', '1e999', '"x"', '*a', '&a', '!!binary x', "'", '"', '|', '>', '{{', 'x: y: z',
  '- - -', '\t', 'é', 'true', '0x10', 'host', 'container', 'vm', 'nope']

/** A lab file (scenarios/labs/*.yaml) with one to three mutations: a value replaced, a line dropped or doubled, re-indented, cut. */
export function labText(r: Rand, labs: readonly string[]): string {
  let lines = pick(r, labs).split('\n')
  for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
    const i = Math.floor(r() * lines.length)
    const l = lines[i] ?? ''
    switch (Math.floor(r() * 6)) {
      case 0: lines[i] = l.replace(/:\s.*$/, `: ${pick(r, LAB_VALUES)}`); break
      case 1: lines.splice(i, 1); break
      case 2: lines.splice(i, 0, l); break
      case 3: lines[i] = (r() < 0.5 ? '  ' : '') + l.trimStart(); break
      case 4: lines = lines.slice(0, i); break
      default: lines[i] = l.slice(0, Math.floor(r() * l.length)) + pick(r, LAB_VALUES) + l.slice(Math.floor(r() * l.length))
    }
  }
  return lines.join('\n')
}

/** A workspace file (web/workspace): valid, mutated or garbage. */
export function workspaceText(r: Rand): string {
  const log = some(r, 6, () => {
    const k = pick(r, ['line', 'line', 'line', 'signal', 'open', 'keys', 'bogus'])
    const term = pick(r, [0, 0, 1, -1, 1.5])
    const atNs = pick(r, [0, 1e9, -1, Number.MAX_SAFE_INTEGER])
    if (k === 'line') return { kind: k, term, atNs, text: shellLine(r) }
    if (k === 'signal') return { kind: k, term, atNs, signal: pick(r, ['INT', 'EOF', 'TSTP', 'KILL']) }
    if (k === 'open') return { kind: k, term, atNs, cols: pick(r, [80, 0, -1, 1e9]), rows: pick(r, [24, 0]) }
    return { kind: k, term, atNs, data: pick(r, ['\x03', '\x04', 'ls\r', '\x1b[A']) }
  })
  const w = { format: pick(r, ['isolab-workspace', 'isolab-workspace', 'x']), version: pick(r, [1, 1, 2]), seed: pick(r, [1, 2, -1, 1.5]), log }
  const text = JSON.stringify(w)
  return r() < 0.15 ? text.slice(0, Math.floor(r() * text.length)) : text
}
