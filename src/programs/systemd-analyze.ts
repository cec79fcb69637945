// systemd-analyze(1): how long the boot took and where the time went, from
// the timestamps systemd recorded (in a guest: kernel-sim/hypervisor/stages.ts
// writes them at the end of the boot). `time` (the default) prints the
// "Startup finished in ..." breakdown; `blame` lists the units by the time
// they took to start, slowest first. On a machine whose init is not systemd
// (the isolab host, a container) it fails as the real tool does.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { fmtTimespan, startupFinished } from '../../kernel-sim/hypervisor/boot-log.ts'
import { err, out } from '../libc/index.ts'
import { parseOpts, tryHelp, warn } from './lib/cmd.ts'
import { readFile } from './lib/io.ts'

/** Where the guest's systemd left its timestamps (see stages.ts SYSTEMD_TIMESTAMPS). */
const TIMESTAMPS = '/run/systemd/isolab-timestamps'

const USAGE = `systemd-analyze [OPTIONS...] COMMAND ...

Profile systemd, show unit dependencies, check unit files.

Commands:
  [time]                   Print time required to boot the machine
  blame                    Print list of running units ordered by time to init`

interface Times {
  firmware: number
  loader: number
  initrd: number
  userspace: number
  finish: number
  target: string
  units: [string, number][]
}

function parse(text: string): Times {
  const kv = new Map<string, string>()
  const units: [string, number][] = []
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=')
    if (eq < 0) continue
    const key = line.slice(0, eq)
    const val = line.slice(eq + 1)
    if (key === 'Unit') {
      const sp = val.indexOf(' ')
      units.push([val.slice(sp + 1), Number(val.slice(0, sp)) * 1e3])
    } else kv.set(key, val)
  }
  const ns = (k: string) => Number(kv.get(k) ?? 0) * 1e3
  return {
    firmware: ns('FirmwareTimestampMonotonic'), loader: ns('LoaderTimestampMonotonic'), initrd: ns('InitRDTimestampMonotonic'),
    userspace: ns('UserspaceTimestampMonotonic'), finish: ns('FinishTimestampMonotonic'), target: kv.get('DefaultTarget') ?? 'default.target', units,
  }
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '', long: [], usage: USAGE })
  if (typeof p === 'number') return p
  const cmd = p.operands[0] ?? 'time'
  if (cmd !== 'time' && cmd !== 'blame') {
    yield* warn('systemd-analyze', `Unknown command verb '${cmd}'.`)
    yield* tryHelp('systemd-analyze')
    return 1
  }
  const text = yield* readFile(TIMESTAMPS)
  if (typeof text === 'number') {
    yield* err('System has not been booted with systemd as init system (PID 1). Can\'t operate.\nFailed to connect to bus: Host is down\n')
    return 1
  }
  const t = parse(text)
  if (cmd === 'blame') {
    const rows = [...t.units].sort((a, b) => b[1] - a[1]).map(([u, ns]) => [fmtTimespan(ns), u] as const)
    const w = Math.max(0, ...rows.map((r) => r[0].length))
    // verb_blame() returns table_print()'s error (fflush_and_check: -ENOSPC) unlogged, and main's exit is 1.
    const r = yield* out(rows.map(([d, u]) => `${d.padStart(w)} ${u}\n`).join(''))
    return r < 0 ? 1 : 0
  }
  // firmware_time = firmware - loader; loader_time = loader; kernel_time = initrd (or userspace) - kernel (0).
  const kernel = t.initrd || t.userspace
  const initrd = t.initrd ? t.userspace - t.initrd : 0
  const user = t.finish - t.userspace
  // verb_time() puts() the text and returns 0: a write error is neither reported nor in the exit status.
  yield* out(`${startupFinished(t.firmware - t.loader, t.loader, kernel, initrd, user).replace(/\.$/, '')}\n`)
  yield* out(`${t.target} reached after ${fmtTimespan(user)} in userspace.\n`)
  return 0
}

export { main as systemdAnalyzeMain }
