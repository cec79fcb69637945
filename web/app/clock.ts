// The clock speed control in the header. Virtual time is paced to real time
// at the prompt (so `vm start` takes its 47 virtual seconds in 47 real ones);
// 10× runs idle time ten times faster, and "Skip waiting" jumps once to the
// next timer. The virtual timings themselves never change: programs still
// report them, and the header shows the virtual clock.
import type { Speed } from '../../src/worker/api.ts'

export class ClockControl {
  private buttons: HTMLButtonElement[]

  constructor(root: HTMLElement, private set: (s: Speed) => void) {
    this.buttons = [...root.querySelectorAll<HTMLButtonElement>('button[data-speed]')]
    for (const b of this.buttons) b.addEventListener('click', () => this.pick(b.dataset.speed!))
  }

  private pick(v: string): void {
    if (v === 'skip') return this.set('skip')
    const speed = Number(v) === 10 ? 10 : 1
    for (const b of this.buttons) if (b.dataset.speed !== 'skip') b.setAttribute('aria-pressed', String(b.dataset.speed === String(speed)))
    this.set(speed)
  }
}
