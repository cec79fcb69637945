// /dev/lab: how the `lab` program (a process in the simulated machine) asks
// the engine (outside it). The program's ioctl(LAB_ASK, { args }) sleeps; the
// host answers between scheduler slices (`service`), when it may run hidden
// commands for the checks without re-entering the scheduler, then wakes it.
// SIMPLIFICATION: a made-up misc device (10:251); real labs use a daemon on a socket.
import { dirAdd, installDir, newInode, type Kernel } from '../../kernel-sim/index.ts'
import type { Kpid } from '../../kernel-sim/abi/pid.ts'
import { LAB_ASK, LAB_DEV, type LabReply } from '../programs/lab.ts'
import type { Answer } from './engine.ts'

const chan = (kpid: number) => `lab:${kpid}`

export class LabDevice {
  private readonly asked = new Map<Kpid, string[]>()
  private readonly replies = new Map<Kpid, LabReply>()

  constructor(private readonly k: Kernel) {
    k.chrdevs.set(LAB_DEV, {
      ioctl: (kk: Kernel, kpid: Kpid, req: number, arg: unknown) => {
        if (req !== LAB_ASK) return -25 // ENOTTY: not an ioctl this device knows
        const reply = this.replies.get(kpid)
        if (reply) {
          this.replies.delete(kpid)
          return reply
        }
        const args = (arg as { args?: unknown } | undefined)?.args
        this.asked.set(kpid, Array.isArray(args) ? args.map(String) : [])
        return kk.sched.sleepOn(kpid, chan(kpid), 'lab_wait')
      },
    })
    const dev = installDir(k, '/dev')
    if (k.inode(dev)!.entries.get('lab') === undefined) {
      const n = newInode(k, 'c', 0o666, 0, 0)
      n.rdev = LAB_DEV
      dirAdd(k, dev, 'lab', n.ino)
    }
    k.commit()
  }

  /** True when a `lab` process waits for an answer. */
  get pending(): boolean {
    return this.asked.size > 0
  }

  /** Answers every waiting `lab` process. */
  service(answer: (args: string[]) => Answer): void {
    for (const [kpid, args] of [...this.asked]) {
      this.asked.delete(kpid)
      if (!this.k.task(kpid)) continue
      this.replies.set(kpid, answer(args))
      this.k.sched.wake(chan(kpid))
    }
    this.k.commit()
  }
}
