// ip(8) (iproute2): `link` (show, set up/down, add veth/bridge, del, set
// master/netns), `addr` (show, add, del), `route` (ip-route.ts), `-br link|addr`, `-o` (one line per record),
// and `netns` (list, add, delete, exec, identify, pids) as ip-netns(8):
// a named namespace is a bind mount of /proc/self/ns/net on /run/netns/NAME.
import type { Program, RtnlReq } from '../../../kernel-sim/abi/index.ts'
import { CLONE_NEWNET, CLONE_NEWNS, E, O_CREAT, O_RDONLY, O_EXCL, strerror, MS_BIND, MS_REC, MS_SLAVE } from '../../../kernel-sim/abi/index.ts'
import {
  close, err, getdents, mkdir, mount, open, out, rtnl, setns, stat, umount2, unlink, unshare, type Sys,
} from '../../libc/index.ts'
import { execvp } from '../lib/exec.ts'
import { nsInode } from './nslib.ts'
import { routeCmd } from './ip-route.ts'

const NETNS_RUN_DIR = '/run/netns'

interface Link {
  ifindex: number
  name: string
  kind: 'loopback' | 'veth' | 'bridge'
  up: boolean
  mac: string
  addrs: string[]
  peerIfindex?: number
  peerElsewhere?: boolean
  carrier: boolean
  masterName?: string
}

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | link | netns | route }
       OPTIONS := { -br[ief] | -o[neline] | -n[etns] name | -a[ll] }
`

function flags(l: Link): string {
  const f: string[] = []
  if (l.kind === 'loopback') f.push('LOOPBACK')
  else {
    if (l.up && !l.carrier) f.push('NO-CARRIER')
    f.push('BROADCAST', 'MULTICAST')
  }
  if (l.up) f.push('UP')
  if (l.up && l.carrier) f.push('LOWER_UP')
  if (l.kind === 'veth' && l.up && !l.carrier) f.push('M-DOWN')
  return `<${f.join(',')}>`
}

function state(l: Link): string {
  if (!l.up) return 'DOWN'
  if (l.kind === 'loopback') return 'UNKNOWN'
  if (!l.carrier) return l.kind === 'veth' ? 'LOWERLAYERDOWN' : 'DOWN'
  return 'UP'
}

function linkName(l: Link): string {
  return l.kind === 'veth' && l.peerIfindex !== undefined ? `${l.name}@if${l.peerIfindex}` : l.name
}

function showLink(l: Link, withMode: boolean): string {
  const mtu = l.kind === 'loopback' ? 65536 : 1500
  const qdisc = !l.up ? 'noop' : l.kind === 'loopback' || l.kind === 'veth' || l.kind === 'bridge' ? 'noqueue' : 'fq_codel'
  const master = l.masterName ? ` master ${l.masterName}` : ''
  let s = `${l.ifindex}: ${linkName(l)}: ${flags(l)} mtu ${mtu} qdisc ${qdisc}${master} state ${state(l)}${withMode ? ' mode DEFAULT' : ''} group default qlen 1000\n`
  s += l.kind === 'loopback'
    ? `    link/loopback ${l.mac} brd 00:00:00:00:00:00\n`
    : `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff${l.peerElsewhere ? ' link-netnsid 0' : ''}\n`
  return s
}

function showAddr(l: Link, oneline: boolean): string {
  let s = oneline ? '' : showLink(l, false)
  for (const a of l.addrs) {
    const scope = a.startsWith('127.') ? 'host' : 'global'
    // -o: one line per address, led by "index: name", the line break printed as "\" (iproute2's _SL_).
    s += `${oneline ? `${l.ifindex}: ${l.name}` : ''}    inet ${a} scope ${scope} ${l.name}${oneline ? '\\' : '\n'}       valid_lft forever preferred_lft forever\n`
  }
  return s
}

/** iproute2's -oneline: every record on one line, its inner line breaks printed as "\". */
const oneLine = (s: string) => s.replace(/\n(?=.)/g, '\\')

type Style = 'full' | 'brief' | 'oneline'

const brief = (l: Link, addrs: boolean) =>
  `${linkName(l).padEnd(16)} ${state(l).padEnd(14)} ${addrs ? l.addrs.join(' ') + (l.addrs.length ? ' ' : '') : `${l.mac} ${flags(l)}`}\n`

function* getLinks(): Sys<Link[] | number> {
  return (yield* rtnl<Link[]>({ op: 'getlink' })) as Link[] | number
}

function* fail(msg: string, status = 2): Sys<number> {
  yield* err(msg + '\n')
  return status
}

/** RTNETLINK errors are printed as iproute2 does: "RTNETLINK answers: Operation not permitted". */
function* rtnlDo(req: RtnlReq): Sys<number> {
  const r = (yield* rtnl(req)) as number
  if (r < 0) return yield* fail(`RTNETLINK answers: ${strerror(-r)}`)
  return 0
}

function* linkCmd(args: string[], style: Style): Sys<number> {
  const [cmd = 'show', ...rest] = args
  if (cmd === 'show' || cmd === 'list' || cmd === 'ls') {
    const links = yield* getLinks()
    if (typeof links === 'number') return yield* fail(`Cannot send dump request: ${strerror(-links)}`, 1)
    const dev = rest[0] === 'dev' ? rest[1] : rest[0]
    const sel = dev ? links.filter((l) => l.name === dev) : links
    if (dev && sel.length === 0) return yield* fail(`Device "${dev}" does not exist.`, 1)
    yield* out(sel.map((l) => (style === 'brief' ? brief(l, false) : style === 'oneline' ? oneLine(showLink(l, true)) : showLink(l, true))).join(''))
    return 0
  }
  if (cmd === 'set') {
    const name = rest[0] === 'dev' ? rest[1] : rest[0]
    if (!name) return yield* fail('Not enough information: "dev" argument is required.', 1)
    const opts = rest.slice(rest[0] === 'dev' ? 2 : 1)
    for (let i = 0; i < opts.length; i++) {
      const o = opts[i]!
      if (o === 'up' || o === 'down') {
        const r = yield* rtnlDo({ op: 'setlink', name, up: o === 'up' })
        if (r) return r
      } else if (o === 'master') {
        const r = yield* rtnlDo({ op: 'setlink', name, master: opts[++i] })
        if (r) return r
      } else if (o === 'nomaster') {
        const r = yield* rtnlDo({ op: 'setlink', name, nomaster: true })
        if (r) return r
      } else if (o === 'netns') {
        const target = opts[++i] ?? ''
        let req: RtnlReq
        if (/^\d+$/.test(target)) req = { op: 'setlink', name, netnsPid: Number(target) }
        else {
          const fd = yield* open(`${NETNS_RUN_DIR}/${target}`, O_RDONLY)
          if (fd < 0) return yield* fail(`Cannot open network namespace "${target}": ${strerror(-fd)}`, 1)
          req = { op: 'setlink', name, netnsFd: fd }
        }
        const r = yield* rtnlDo(req)
        if (r) return r
      } else return yield* fail(`Error: either "dev" is duplicate, or "${o}" is a garbage.`, 1)
    }
    return 0
  }
  if (cmd === 'add') {
    // ip link add NAME type veth peer name PEER | ip link add NAME type bridge
    const name = rest[0] === 'name' ? rest[1] : rest[0]
    const ti = rest.indexOf('type')
    const kind = ti >= 0 ? rest[ti + 1] : undefined
    if (!name || !kind) return yield* fail('Not enough information: "type" argument is required.', 1)
    if (kind !== 'veth' && kind !== 'bridge') return yield* fail(`Error: Unknown device type.`, 2)
    const pi = rest.indexOf('peer')
    const peer = pi >= 0 ? (rest[pi + 1] === 'name' ? rest[pi + 2] : rest[pi + 1]) : undefined
    return yield* rtnlDo({ op: 'newlink', name, kind, ...(peer ? { peer } : {}) })
  }
  if (cmd === 'del' || cmd === 'delete') {
    const name = rest[0] === 'dev' ? rest[1] : rest[0]
    if (!name) return yield* fail('Not enough information: "dev" argument is required.', 1)
    const links = yield* getLinks()
    if (typeof links !== 'number' && !links.some((l) => l.name === name)) return yield* fail(`Cannot find device "${name}"`, 1)
    return yield* rtnlDo({ op: 'dellink', name })
  }
  return yield* fail(`Command "${cmd}" is unknown, try "ip link help".`, 255)
}

function* addrCmd(args: string[], style: Style): Sys<number> {
  const [cmd = 'show', ...rest] = args
  if (cmd === 'show' || cmd === 'list' || cmd === 'ls') {
    const links = yield* getLinks()
    if (typeof links === 'number') return 1
    const dev = rest[0] === 'dev' ? rest[1] : rest[0]
    const sel = dev ? links.filter((l) => l.name === dev) : links
    if (dev && sel.length === 0) return yield* fail(`Device "${dev}" does not exist.`, 1)
    yield* out(sel.map((l) => (style === 'brief' ? brief(l, true) : showAddr(l, style === 'oneline'))).join(''))
    return 0
  }
  if (cmd === 'add' || cmd === 'del' || cmd === 'delete') {
    const cidr = rest[0]
    const di = rest.indexOf('dev')
    const name = di >= 0 ? rest[di + 1] : undefined
    if (!cidr || !name) return yield* fail('Not enough information: "dev" argument is required.', 1)
    return yield* rtnlDo({ op: cmd === 'add' ? 'newaddr' : 'deladdr', name, cidr })
  }
  return yield* fail(`Command "${cmd}" is unknown, try "ip address help".`, 255)
}

function* listNetns(): Sys<string[]> {
  const fd = yield* open(NETNS_RUN_DIR, O_RDONLY)
  if (fd < 0) return []
  const ents = yield* getdents(fd)
  yield* close(fd)
  return typeof ents === 'number' ? [] : ents.map((e) => e.name).filter((n) => n !== '.' && n !== '..').sort()
}

function* netnsCmd(args: string[], envp: readonly string[]): Sys<number> {
  const [cmd = 'list', ...rest] = args
  const name = rest[0]
  switch (cmd) {
    case 'list':
    case 'show':
    case 'ls': {
      yield* out((yield* listNetns()).map((n) => n + '\n').join(''))
      return 0
    }
    case 'add': {
      if (!name) return yield* fail('No netns name specified', 255)
      yield* mkdir('/run', 0o755)
      yield* mkdir(NETNS_RUN_DIR, 0o755)
      const path = `${NETNS_RUN_DIR}/${name}`
      const fd = yield* open(path, O_RDONLY | O_CREAT | O_EXCL, 0)
      if (fd < 0) return yield* fail(`Cannot create namespace file "${path}": ${strerror(-fd)}`, 1)
      yield* close(fd)
      const u = yield* unshare(CLONE_NEWNET)
      if (u < 0) {
        yield* unlink(path)
        return yield* fail(`Failed to create a new network namespace "${name}": ${strerror(-u)}`, 1)
      }
      const m = yield* mount('/proc/self/ns/net', path, 'none', MS_BIND)
      if (m < 0) {
        yield* unlink(path)
        return yield* fail(`Bind /proc/self/ns/net -> ${path} failed: ${strerror(-m)}`, 1)
      }
      return 0
    }
    case 'del':
    case 'delete': {
      if (!name) return yield* fail('No netns name specified', 255)
      const path = `${NETNS_RUN_DIR}/${name}`
      yield* umount2(path, 2)
      const r = yield* unlink(path)
      if (r < 0) return yield* fail(`Cannot remove namespace file "${path}": ${strerror(-r)}`, 1)
      return 0
    }
    case 'exec': {
      if (!name) return yield* fail('No netns name specified', 255)
      if (rest.length < 2) return yield* fail('No command specified', 255)
      const fd = yield* open(`${NETNS_RUN_DIR}/${name}`, O_RDONLY)
      if (fd < 0) return yield* fail(`Cannot open network namespace "${name}": ${strerror(-fd)}`, 255)
      const r = yield* setns(fd, CLONE_NEWNET)
      yield* close(fd)
      if (r < 0) return yield* fail(`setting the network namespace "${name}" failed: ${strerror(-r)}`, 255)
      // ip netns exec runs the command in a new mount namespace with /sys remounted (kept simple: slave /).
      if ((yield* unshare(CLONE_NEWNS)) >= 0) yield* mount('', '/', 'none', MS_SLAVE | MS_REC)
      const e = yield* execvp(rest[1]!, rest.slice(1), envp)
      return yield* fail(`exec of "${rest[1]}" failed: ${strerror(-e)}`, 255)
    }
    case 'identify': {
      const pid = name ?? 'self'
      const mine = yield* nsInode(pid, 'net')
      if (!mine) return yield* fail(`Cannot open network namespace: ${strerror(E.ENOENT)}`, 1)
      let s = ''
      for (const n of yield* listNetns()) {
        const st = yield* stat(`${NETNS_RUN_DIR}/${n}`)
        if (typeof st !== 'number' && st.ino === mine) s += n + '\n'
      }
      yield* out(s || '\n')
      return 0
    }
    case 'pids': {
      if (!name) return yield* fail('No netns name specified', 255)
      const st = yield* stat(`${NETNS_RUN_DIR}/${name}`)
      if (typeof st === 'number') return yield* fail(`Cannot open network namespace "${name}": ${strerror(-st)}`, 1)
      const fd = yield* open('/proc', O_RDONLY)
      const ents = fd < 0 ? [] : yield* getdents(fd)
      if (fd >= 0) yield* close(fd)
      let s = ''
      for (const e of typeof ents === 'number' ? [] : ents) {
        if (!/^\d+$/.test(e.name)) continue
        if ((yield* nsInode(e.name, 'net')) === st.ino) s += e.name + '\n'
      }
      yield* out(s)
      return 0
    }
    default:
      return yield* fail(`Command "${cmd}" is unknown, try "ip netns help".`, 255)
  }
}

const OBJECTS: [string, string][] = [['link', 'link'], ['address', 'addr'], ['addr', 'addr'], ['a', 'addr'], ['route', 'route'], ['r', 'route'], ['netns', 'netns'], ['l', 'link']]

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const args = argv.slice(1)
  let style: Style = 'full'
  let netns: string | undefined
  while (args[0]?.startsWith('-')) {
    const o = args.shift()!
    if (o === '-br' || o === '-brief') style = 'brief'
    else if (o === '-o' || o === '-oneline') style = style === 'brief' ? style : 'oneline'
    else if (o === '-n' || o === '-netns') netns = args.shift()
    else if (o === '-h' || o === '-help' || o === '--help') {
      yield* out(USAGE)
      return 0
    } else {
      yield* err(`Option "${o}" is unknown, try "ip -help".\n`)
      return 255
    }
  }
  if (netns !== undefined) {
    const fd = yield* open(`${NETNS_RUN_DIR}/${netns}`, O_RDONLY)
    if (fd < 0) return yield* fail(`Cannot open network namespace "${netns}": ${strerror(-fd)}`, 255)
    yield* setns(fd, CLONE_NEWNET)
    yield* close(fd)
  }
  const obj = args.shift()
  if (obj === undefined) {
    yield* err(USAGE)
    return 255
  }
  const which = OBJECTS.find(([full]) => full === obj || (obj.length >= 1 && full.startsWith(obj)))?.[1]
  switch (which) {
    case 'link': return yield* linkCmd(args, style)
    case 'addr': return yield* addrCmd(args, style)
    case 'route': return yield* routeCmd(args)
    case 'netns': return yield* netnsCmd(args, envp)
    default:
      yield* err(`Object "${obj}" is unknown, try "ip help".\n`)
      return 1
  }
}

export { main as ipProgramMain }
