// A guest console in its own terminal (the web app's "console" tab for a VM):
// a login shell on a new terminal of the guest kernel. Input goes to the guest
// tty and wakes the VM's boot vCPU; output comes back through the hypervisor.
import { kick, openGuestTerminal, ttyEof, ttyInput, ttySignal, ttyWantsInput, type Hypervisor } from '../../kernel-sim/index.ts'
import { SIG, okKpid } from '../../kernel-sim/abi/index.ts'
import type { TerminalHandle } from './types.ts'

export function guestConsole(hv: Hypervisor, name: string, o: { cols: number; rows: number; onOutput(data: string): void }): TerminalHandle | string {
  const vm = hv.vms.get(name)
  if (!vm) return `VM '${name}' not found`
  const t = openGuestTerminal(hv, vm, o.cols, o.rows, o.onOutput)
  if (!t) return `cannot open a console on '${name}': the VM is ${vm.state}`
  const { k, tty, pid } = t
  const poke = () => (k.commit(), kick(hv, vm))
  return {
    id: tty,
    inputLine: (line: string) => (ttyInput(k, tty, line.endsWith('\n') ? line : line + '\n'), poke()),
    interrupt: () => (ttySignal(k, tty, SIG.SIGINT), poke()),
    suspend: () => (ttySignal(k, tty, SIG.SIGTSTP), poke()),
    eof: () => (ttyEof(k, tty), poke()),
    resize: (cols: number, rows: number) => {
      const w = k.mutTty(tty)
      w.cols = cols
      w.rows = rows
      k.commit()
    },
    get wantsInput() { return vm.run?.guest === k && ttyWantsInput(k, tty) },
    get pendingPrompt() { return k.tty(tty)?.partial ?? '' },
    get closed() { const kp = okKpid(pid); return vm.run?.guest !== k || !kp || !k.task(kp) || k.task(kp)?.state === 'Z' },
  }
}
