// lab(1): the learner's side of a lab started with `isolab lab start NAME`:
// `lab`, `lab check`, `lab hint`, `lab next`, `lab solution`, `lab progress`.
// It asks the lab engine through /dev/lab (src/labs/device.ts) and prints the answer.
import { E, O_RDWR, strerror, type Program } from '../../kernel-sim/abi/index.ts'
import { close, ioctl, open, out } from '../libc/index.ts'
import { warn } from './lib/cmd.ts'
import type { ProgramInfo } from './lib/types.ts'

/** /dev/lab's device number: misc major 10, a minor no Linux driver uses here. */
export const LAB_DEV = (10 << 8) | 251
/** The one request: { args } in, LabReply out. */
export const LAB_ASK = 0x4c01

export interface LabReply {
  status: number
  text: string
}

function* main(argv: readonly string[]): Program {
  const fd = yield* open('/dev/lab', O_RDWR)
  if (fd < 0) {
    yield* warn('lab', fd === -E.ENOENT ? 'no lab is loaded on this machine (start one with: isolab lab start NAME; list them with: isolab lab list)' : `cannot open /dev/lab: ${strerror(-fd)}`)
    return 1
  }
  const r = yield* ioctl(fd, LAB_ASK, { args: argv.slice(1) })
  yield* close(fd)
  if (typeof r === 'number') {
    yield* warn('lab', `no answer from the lab engine: ${strerror(-r)}`)
    return 1
  }
  const reply = r as LabReply
  yield* out(reply.text)
  return reply.status
}

export const lab: ProgramInfo = { name: 'lab', path: '/usr/local/bin/lab', description: 'the current lab: its step, check, hint, next, solution, progress', main }
