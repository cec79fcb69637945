// What the last close of an open file description releases, by kind.
import { O_ACCMODE, O_RDONLY, O_WRONLY } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { pipeCloseEnd } from '../ipc/pipe.ts'
import { socketFileRelease } from '../net/socket.ts'
import type { OpenFile } from '../state.ts'
import { nsPut } from '../ns/core.ts'
import { ptmRelease, ptsRelease } from '../pty-close.ts'

export function releaseObject(k: Kernel, f: OpenFile): void {
  switch (f.kind) {
    case 'pipe': {
      const mode = f.flags & O_ACCMODE
      pipeCloseEnd(k, f.obj, mode !== O_WRONLY, mode !== O_RDONLY)
      return
    }
    case 'socket':
      socketFileRelease(k, f)
      return
    case 'proc':
      if (f.obj > 0) nsPut(k, f.obj)
      return
    case 'ptm':
      ptmRelease(k, f.obj)
      return
    case 'tty':
      ptsRelease(k, f.obj)
      return
    default:
      return
  }
}
