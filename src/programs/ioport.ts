// inb / outb (iotools): read or write one byte of x86 I/O port space from a
// shell, after ioperm(2) for that port (CAP_SYS_RAWIO). In a VM every access is
// a VM exit that the VMM's device models emulate (src/programs/vm/pio.ts).
import { strerror, type Program, type SyscallReq } from '../../kernel-sim/abi/index.ts'
import { inb, ioperm, out, outb } from '../libc/index.ts'
import { warn } from './lib/cmd.ts'

const num = (s: string | undefined) => (s !== undefined && /^(0x[0-9a-fA-F]+|\d+)$/.test(s) ? Number(s) : undefined)

function* grant(prog: string, port: number): Generator<SyscallReq, number, unknown> {
  const r = yield* ioperm(port, 1, 1)
  if (r < 0) yield* warn(prog, `ioperm(0x${port.toString(16)}, 1, 1): ${strerror(-r)}`)
  return r
}

export function* inbMain(argv: readonly string[]): Program {
  const port = num(argv[1])
  if (port === undefined || port > 0xffff) return (yield* warn('inb', 'usage: inb PORT   (0x3f4, 49216, ...)')), 1
  if ((yield* grant('inb', port)) < 0) return 1
  yield* out(`0x${(yield* inb(port)).toString(16).padStart(2, '0')}\n`)
  return 0
}

export function* outbMain(argv: readonly string[]): Program {
  const port = num(argv[1])
  const value = num(argv[2])
  if (port === undefined || port > 0xffff || value === undefined || value > 0xff) return (yield* warn('outb', 'usage: outb PORT VALUE   (VALUE 0-0xff)')), 1
  if ((yield* grant('outb', port)) < 0) return 1
  yield* outb(value, port)
  return 0
}

