// Userland for the kernel's security modules (kernel-sim/kernel/security):
// libcap's capsh and getpcaps, AppArmor's aa-exec and aa-status, and
// seccomp-run (what runc does with a seccomp profile).
import type { ProgramInfo } from '../lib/types.ts'
import { aaExec } from './aa-exec.ts'
import { aaStatus } from './aa-status.ts'
import { capsh } from './capsh.ts'
import { getpcaps } from './getpcaps.ts'
import { seccompRun } from './seccomp-run.ts'
import { vulns } from './vulns.ts'
import { exploit } from '../exploit/index.ts'

export const SECURITY_PROGRAMS: readonly ProgramInfo[] = [aaExec, aaStatus, capsh, getpcaps, seccompRun, vulns, exploit]
