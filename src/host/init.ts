// /sbin/init: pid 1. Reaps every orphan that is reparented to it, forever.
// It catches SIGCHLD so that a child's exit wakes it from its sleep.
import type { ProgramMain } from '../../kernel-sim/abi/index.ts'
import { E, SIG, WNOHANG } from '../../kernel-sim/abi/index.ts'
import { pause, sigaction, sigtake, wait4 } from '../libc/index.ts'

export const initMain: ProgramMain = function* () {
  yield* sigaction(SIG.SIGCHLD, 'catch')
  for (;;) {
    const r = yield* wait4(-1, WNOHANG)
    if (typeof r === 'object' && r.pid > 0) continue
    if (r !== -E.ECHILD && typeof r === 'number' && r < 0) continue
    yield* sigtake()
    yield* pause() // interrupted (EINTR) by the next SIGCHLD
  }
}
