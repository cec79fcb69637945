import { ioctl, type Sys } from '../libc/index.ts'
import { TCGETS } from '../../kernel-sim/abi/index.ts'

/** isatty(3): TCGETS succeeds only on a terminal. */
export function* isatty(fd: number): Sys<boolean> {
  const r = yield* ioctl(fd, TCGETS)
  return typeof r !== 'number' || r >= 0
}
