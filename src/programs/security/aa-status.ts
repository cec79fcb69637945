// aa-status(8) (AppArmor 3.0): the loaded profiles by mode, from
// /sys/kernel/security/apparmor/profiles (root only), then the processes
// whose /proc/PID/attr/current names a profile. Exit 0, or 4 without privilege
// to read the profile set.
import { E } from '../../../kernel-sim/abi/index.ts'
import { err, out, readlink, type Sys } from '../../libc/index.ts'
import { readDir } from '../lib/fs.ts'
import { readFile } from '../lib/io.ts'

const PROFILES = '/sys/kernel/security/apparmor/profiles'

function* main(argv: readonly string[]): Sys<number> {
  if (argv.length > 1 && argv[1] !== '--verbose' && argv[1] !== '-v') {
    if (argv[1] === '--enabled') return 0
    yield* err(`Usage: ${argv[0]} [OPTIONS]\nDisplays various information about the currently loaded AppArmor policy.\n`)
    return 1
  }
  const text = yield* readFile(PROFILES)
  if (text === -E.ENOENT) return (yield* out('apparmor module is not loaded.\n')), 1
  yield* out('apparmor module is loaded.\n')
  if (typeof text === 'number') return (yield* err('You do not have enough privilege to read the profile set.\n')), 4
  const profiles = text.split('\n').filter(Boolean).map((l) => /^(.*) \((\w+)\)$/.exec(l)).filter((m) => m !== null)
  const byMode = (mode: string) => profiles.filter((m) => m[2] === mode).map((m) => m[1]!).sort()
  const list = (xs: string[]) => xs.map((x) => `   ${x}\n`).join('')
  let s = `${profiles.length} profiles are loaded.\n`
  for (const mode of ['enforce', 'complain']) s += `${byMode(mode).length} profiles are in ${mode} mode.\n${list(byMode(mode))}`
  const procs: { pid: number; exe: string; label: string; mode: string }[] = []
  const ents = yield* readDir('/proc')
  for (const e of typeof ents === 'number' ? [] : ents) {
    if (!/^\d+$/.test(e.name)) continue
    const cur = yield* readFile(`/proc/${e.name}/attr/current`)
    if (typeof cur !== 'string' || cur.trim() === 'unconfined') continue
    const m = /^(.*) \((\w+)\)$/.exec(cur.trim())
    const exe = yield* readlink(`/proc/${e.name}/exe`)
    procs.push({ pid: Number(e.name), exe: typeof exe === 'string' ? exe : '?', label: m?.[1] ?? cur.trim(), mode: m?.[2] ?? 'enforce' })
  }
  procs.sort((a, b) => a.pid - b.pid)
  const plist = (mode: string) => procs.filter((p) => p.mode === mode)
  s += `${procs.length} processes have profiles defined.\n`
  for (const mode of ['enforce', 'complain']) {
    s += `${plist(mode).length} processes are in ${mode} mode.\n` + plist(mode).map((p) => `   ${p.exe} (${p.pid}) ${p.label}\n`).join('')
  }
  s += '0 processes are unconfined but have a profile defined.\n'
  yield* out(s)
  return 0
}

export { main as aaStatusMain }
