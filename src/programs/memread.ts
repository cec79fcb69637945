// memread / memwrite: read or write physical memory through /dev/mem (mem(4);
// needs CAP_SYS_RAWIO). Inside a VM "physical" means guest-physical: every
// address goes through the hypervisor's EPT, so root sees its own RAM and
// nothing else. An address outside it is an EPT violation: the hypervisor logs
// it on the host and the read fails with EFAULT ("Bad address").
import { E, MEMIO_READ, MEMIO_WRITE, O_RDONLY, O_RDWR, SEEK_SET, strerror, type Program, type SyscallReq } from '../../kernel-sim/abi/index.ts'
import { close, ioctl, lseek, open, out, read } from '../libc/index.ts'
import { warn } from './lib/cmd.ts'

/** hexdump -C: offset, 16 bytes in two groups of 8, printable ASCII between bars. */
export function hexdump(addr: number, data: string): string {
  let s = ''
  for (let off = 0; off < data.length; off += 16) {
    const chunk = data.slice(off, off + 16)
    const hex = [...chunk].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0'))
    const left = hex.slice(0, 8).join(' ')
    const right = hex.slice(8).join(' ')
    const ascii = [...chunk].map((c) => (c >= ' ' && c <= '~' ? c : '.')).join('')
    s += `${(addr + off).toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|\n`
  }
  return s + `${(addr + data.length).toString(16).padStart(8, '0')}\n`
}

function parseAddr(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : undefined
}

function* openMem(prog: string, flags: number): Generator<SyscallReq, number, unknown> {
  const fd = yield* open('/dev/mem', flags)
  if (fd < 0) yield* warn(prog, `cannot open /dev/mem: ${strerror(-fd)}${fd === -E.ENOENT ? ' (memread runs inside a VM)' : ''}`)
  return fd
}

function* failed(prog: string, what: string, addr: number, r: number): Generator<SyscallReq, number, unknown> {
  const why = r === -E.EFAULT ? ' (EPT violation: not this VM\'s memory; the hypervisor denied it)' : ''
  yield* warn(prog, `${what} at 0x${addr.toString(16)}: ${strerror(-r)}${why}`)
  return 1
}

/**
 * memread -p PID ADDR [LEN]: another process's memory through /proc/PID/mem
 * (open needs PTRACE_MODE_ATTACH, then lseek to the virtual address and read),
 * as gdb or a debugger reads it. Host root reads a VM's RAM this way: the VMM
 * maps it (/proc/PID/maps shows where).
 */
function* readProcMem(prog: string, pid: string, addr: number, len: number): Generator<SyscallReq, number, unknown> {
  const path = `/proc/${pid}/mem`
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) {
    yield* warn(prog, `cannot open ${path}: ${strerror(-fd)}`)
    return 1
  }
  const at = yield* lseek(fd, addr, SEEK_SET)
  const data = at < 0 ? at : yield* read(fd, len)
  yield* close(fd)
  if (typeof data === 'number') return yield* failed(prog, 'read', addr, data)
  yield* out(hexdump(addr, data))
  return 0
}

export function* memreadMain(argv: readonly string[]): Program {
  const prog = 'memread'
  const pid = argv[1] === '-p' ? argv[2] : undefined
  const args = pid === undefined ? argv.slice(1) : argv.slice(3)
  const addr = parseAddr(args[0])
  const len = args[1] === undefined ? 64 : Number(args[1])
  if (addr === undefined || !(len > 0 && len <= 65536) || (pid !== undefined && !/^\d+$/.test(pid))) {
    yield* warn(prog, 'usage: memread [-p PID] ADDR [LEN]   (ADDR in hex 0x... or decimal; LEN bytes, default 64; -p: that process\'s memory)')
    return 1
  }
  if (pid !== undefined) return yield* readProcMem(prog, pid, addr, len)
  const fd = yield* openMem(prog, O_RDONLY)
  if (fd < 0) return 1
  const r = yield* ioctl(fd, MEMIO_READ, { addr, len })
  if (typeof r === 'number') return yield* failed(prog, 'read', addr, r)
  yield* out(hexdump(addr, r as unknown as string))
  return 0
}

export function* memwriteMain(argv: readonly string[]): Program {
  const prog = 'memwrite'
  const addr = parseAddr(argv[1])
  const text = argv[2]
  if (addr === undefined || text === undefined) {
    yield* warn(prog, 'usage: memwrite ADDR TEXT')
    return 1
  }
  const fd = yield* openMem(prog, O_RDWR)
  if (fd < 0) return 1
  const r = yield* ioctl(fd, MEMIO_WRITE, { addr, data: text })
  if (typeof r === 'number' && r < 0) return yield* failed(prog, 'write', addr, r)
  return 0
}

