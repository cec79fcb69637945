// A scripted machine for the worker Session's tests: it is NOT a kernel, knows
// only `echo` and a busy loop, so a test sees exactly what the Session adds
// (prompts, replay, view patches) and nothing a real machine would.
import type { MachineOptions, MachineView, TerminalHandle } from '../../src/host/types.ts'
import type { MachineLike, OpenTerminalOptions } from '../../src/worker/machine-like.ts'

const PROMPT = 'root@host:~# '

class StubTerminal implements TerminalHandle {
  wantsInput = true
  pendingPrompt = PROMPT
  closed = false
  busy = false
  /** `rawecho`: raw mode, each keystroke echoed by the next runSlice (as a program scheduled later would). */
  raw = false
  private keys = ''
  constructor(readonly id: number, private out: (s: string) => void) {
    out('stub machine\n' + PROMPT)
  }
  inputLine(line: string): void {
    const cmd = line.trim()
    this.wantsInput = false
    if (cmd.startsWith('while true')) { this.busy = true; return }
    if (cmd === 'rawecho') { this.raw = true; this.wantsInput = true; return }
    if (cmd.startsWith('echo ')) this.out(cmd.slice(5) + '\n')
    else if (cmd === 'exit') { this.closed = true; return }
    else if (cmd !== '') this.out(`stub: ${cmd.split(' ')[0]}: command not found\n`)
    this.prompt()
  }
  private prompt(): void { this.wantsInput = true; this.out(PROMPT) }
  input(data: string): void { this.keys += data }
  /** The program in a raw terminal runs: it echoes what was typed. */
  run(): void { if (this.keys) { this.out(this.keys); this.keys = '' } }
  interrupt(): void { if (this.busy) { this.busy = false; this.out('\n'); this.prompt() } }
  eof(): void { this.closed = true; this.wantsInput = false }
  suspend(): void {}
  resize(): void {}
}

export class StubMachine implements MachineLike {
  private terms: StubTerminal[] = []
  private ns = 0
  constructor(private opts: MachineOptions) {}
  openTerminal(o: OpenTerminalOptions): TerminalHandle {
    const t = new StubTerminal(this.terms.length + 1, o.onOutput)
    this.terms.push(t)
    return t
  }
  runSlice(maxMs = 2): boolean {
    for (const t of this.terms) t.run()
    const busy = this.terms.some((t) => t.busy)
    if (busy) { const end = Date.now() + maxMs; while (Date.now() < end) { /* spin like a runaway loop */ } this.ns += 1e6 }
    return busy
  }
  view(): MachineView {
    const live = this.terms.filter((t) => !t.closed)
    return {
      nowNs: this.ns, hostname: this.opts.hostname ?? 'host', kernelRelease: 'stub', cpus: 2,
      memory: { totalBytes: 8 * 2 ** 30, usedBytes: 0 },
      files: { nr: 3 * live.length, peak: 3 * live.length, max: 100000, nrOpen: 1048576 },
      tasks: { count: live.length, pidMax: 32768 },
      processes: live.map((t, i) => ({ pid: i + 1, ppid: 0, comm: 'bash', state: t.busy ? 'R' : 'S', uid: 0, fds: 3, rlimitNofile: 1024, ns: {}, cgroup: '/', place: 'host', capEff: '000001ffffffffff', seccomp: 0, lsm: 'unconfined' })),
      cgroups: [], dmesgTail: [], alerts: [],
    }
  }
}
