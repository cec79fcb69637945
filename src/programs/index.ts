// The userland registry: every program the host installs, with its Debian
// path and the one-line description `help` prints. bash/sh come from src/shell.
import { awk } from './awk.ts'
import { cgls } from './cgls.ts'
import { cpuburn } from './stress/cpuburn.ts'
import { forkbomb } from './stress/forkbomb.ts'
import { iohog } from './stress/iohog.ts'
import { memhog } from './stress/memhog.ts'
import { top } from './top.ts'
import { cat } from './cat.ts'
import { clear } from './clear.ts'
import { cut } from './cut.ts'
import { dmesg } from './dmesg.ts'
import { echo } from './echo.ts'
import { env } from './env.ts'
import { fdflood } from './fdflood.ts'
import { free } from './free.ts'
import { grep } from './grep.ts'
import { head } from './head.ts'
import { helpProgram } from './help.ts'
import { hostname } from './hostname.ts'
import { id } from './id.ts'
import { kill } from './kill.ts'
import { ln } from './ln.ts'
import { ls } from './ls.ts'
import { mkdir } from './mkdir.ts'
import { nproc } from './nproc.ts'
import { ps } from './ps.ts'
import { readlink } from './readlink.ts'
import { rm } from './rm.ts'
import { rmdir } from './rmdir.ts'
import { sed } from './sed.ts'
import { seq } from './seq.ts'
import { setpriv } from './setpriv.ts'
import { sleep } from './sleep.ts'
import { sort } from './sort.ts'
import { stat } from './stat.ts'
import { tail } from './tail.ts'
import { tee } from './tee.ts'
import { touch } from './touch.ts'
import { tr } from './tr.ts'
import { falseProgram, trueProgram } from './true.ts'
import { uname } from './uname.ts'
import { uniq } from './uniq.ts'
import { wc } from './wc.ts'
import { od } from './od.ts'
import { base64 } from './base64.ts'
import { whoami } from './whoami.ts'
import { tty } from './tty.ts'
import { yes } from './yes.ts'
import { memread, memwrite } from './memread.ts'
import { inbProgram, outbProgram } from './ioport.ts'
import { systeminfo, ver } from './windows.ts'
import { density } from './density/density.ts'
import { cost } from './density/cost.ts'
import { adviseProgram } from './advise/advise.ts'
import { lab } from './lab.ts'
import { systemdAnalyze } from './systemd-analyze.ts'
import { virsh, vm } from './vm.ts'
import { firecracker, qemu } from './vm/vmm.ts'
import type { ProgramInfo } from './lib/types.ts'
import { strace } from './strace/strace.ts'
import { lscpu } from './lscpu.ts'
import { manProgram } from './man.ts'
import { lsnsProgram } from './ns/lsns.ts'
import { mountProgram, umountProgram } from './ns/mount.ts'
import { nsenterProgram } from './ns/nsenter.ts'
import { unshareProgram } from './ns/unshare.ts'
import { chrootProgram } from './ns/chroot.ts'
import { pivotRootProgram } from './ns/pivot_root.ts'
import { domainnameProgram } from './ns/domainname.ts'
import { ipProgram } from './ns/ip.ts'
import { ssProgram } from './ns/ss.ts'
import { ipcmkProgram, ipcrmProgram, ipcsProgram } from './ns/ipc.ts'
import { ncProgram } from './ns/nc.ts'
import { pingProgram } from './ns/ping.ts'
import { SECURITY_PROGRAMS } from './security/index.ts'
import { DOCKER_PROGRAMS } from './docker/index.ts'

export type { ProgramInfo }

export const PROGRAMS: readonly ProgramInfo[] = [
  awk, base64, cat, clear, cut, dmesg, echo, env, falseProgram, fdflood, free, grep, head, helpProgram(() => PROGRAMS), hostname, id, kill,
  ln, ls, mkdir, nproc, od, ps, readlink, rm, rmdir, sed, seq, setpriv, sleep, sort, stat, tail, tee, touch, tr,
  trueProgram, tty, uname, uniq, wc, whoami, yes, strace, lscpu, manProgram(() => PROGRAMS),
  cgls, cpuburn, forkbomb, iohog, memhog, top,
  vm, virsh, qemu, firecracker, memread, memwrite, inbProgram, outbProgram, ver, systeminfo, density, cost, adviseProgram, systemdAnalyze,
  lab, // the lab engine's learner program (src/labs)
  lsnsProgram, mountProgram, nsenterProgram, umountProgram, unshareProgram, chrootProgram, pivotRootProgram, domainnameProgram,
  ipProgram, ssProgram, ipcmkProgram, ipcrmProgram, ipcsProgram, ncProgram, pingProgram,
  ...SECURITY_PROGRAMS,
  ...DOCKER_PROGRAMS,
].sort((a, b) => (a.name < b.name ? -1 : 1))

