// Checks: declarative predicates over the machine (schema.ts), evaluated here.
// Process checks read kernel state directly; files, cgroups, containers and
// commands are read by root on a hidden shell (Machine.runScript with the
// clock held: no terminal, no history, no timeline point, and a background
// `sleep` does not end because the engine looked). Every result says what was
// found, so `lab check` can tell the learner why a task is not done.
import { INIT_NS, cgroupPath, namei, type Kernel } from '../../kernel-sim/index.ts'
import { INIT_KPID } from '../../kernel-sim/abi/index.ts'
import { DOCKER_CONTAINERS } from '../host/docker-names.ts'
import { okKpid, type Kpid } from '../../kernel-sim/abi/pid.ts'
import type { KernelEvents, EventKind } from '../host/kernel-events.ts'
import type { RunScriptOptions } from '../host/machine.ts'
import type { ScriptResult } from '../host/types.ts'
import type { Check } from './schema.ts'
import { describeTextMatch, hasTextMatch, textMismatch } from './text-match.ts'

/** What the engine needs from a machine (src/host/machine.ts's Machine has it). */
export interface LabMachine {
  readonly kernel: Kernel
  readonly events: KernelEvents
  runScript(script: string, o?: RunScriptOptions): ScriptResult
}

export type TerminalSpec = { kind: 'host' } | { kind: 'container'; name: string } | { kind: 'vm'; name: string }

export interface Mark {
  ns: number
  events: Record<EventKind, number>
  /** Index into the history where the period began. */
  history: number
}

export interface HistoryEntry {
  terminal: string
  line: string
  atNs: number
}

export interface CheckContext {
  machine: LabMachine
  terminals: ReadonlyMap<string, TerminalSpec>
  step: Mark
  start: Mark
  history: readonly HistoryEntry[]
  /** The output of the current step's runs, by terminal (played steps). */
  output?: ReadonlyMap<string, string>
  isDone(stepId: string): boolean
  /** Hidden-shell results of this evaluation round (one `docker inspect` per container per round). */
  cache: Map<string, ScriptResult>
}

export interface CheckResult {
  ok: boolean
  /** What the check asks, in words ("container web is running"). */
  what: string
  /** When it does not hold: what was found. */
  found?: string
}

/** Commands on the hidden root shell must finish; this bounds a runaway one. */
const HIDDEN_MAX_STEPS = 2_000_000

export function quoteSh(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`
}

/** The command line that runs `cmd` as root in terminal `t`'s place (host, container or VM). */
export function inTerminal(t: TerminalSpec | undefined, cmd: string): string {
  if (!t || t.kind === 'host') return cmd
  if (t.kind === 'container') return `docker exec ${quoteSh(t.name)} sh -c ${quoteSh(cmd)}`
  // vm exec is ssh-like: it joins its words and the guest's shell parses them (sh -c), so one
  // quoted word carries the line as typed; `-- sh -c 'LINE'` would be split again in the guest.
  return `vm exec ${quoteSh(t.name)} -- ${quoteSh(cmd)}`
}

export function hidden(ctx: CheckContext, script: string): ScriptResult {
  const hit = ctx.cache.get(script)
  if (hit) return hit
  const r = ctx.machine.runScript(script, { holdClock: true, maxSteps: HIDDEN_MAX_STEPS })
  ctx.cache.set(script, r)
  return r
}

/** `pid` is State.Pid as the host sees it: the kernel's id (0 = not running). */
interface ContainerInfo { state: string; exitCode: number; oomKilled: boolean; pid: Kpid | undefined; id: string }

/**
 * A container's state from dockerd's record on the host's tmpfs
 * (/var/lib/docker/containers/<id>/config.v2.json): a read of kernel state,
 * no process, so checks and hints cost no pids and no time. undefined: no such container.
 */
function containerInfo(ctx: CheckContext, name: string): ContainerInfo | undefined {
  const key = `container:${name}`
  const hit = ctx.cache.get(key)
  if (hit) return hit.status === 0 ? JSON.parse(hit.stdout) as ContainerInfo : undefined
  const k = ctx.machine.kernel
  const init = k.task(INIT_KPID)
  const dir = init ? namei(k, init, DOCKER_CONTAINERS) : -1
  let info: ContainerInfo | undefined
  if (init && typeof dir !== 'number' && dir.node.kind === 'tmpfs') {
    for (const id of k.inode(dir.node.ino)?.entries.keys() ?? []) {
      const r = namei(k, init, `${DOCKER_CONTAINERS}/${id}/config.v2.json`)
      const data = typeof r === 'number' || r.node.kind !== 'tmpfs' ? '' : k.inode(r.node.ino)?.data ?? ''
      let rec: { ID?: string; Name?: string; State?: string; Pid?: number; ExitCode?: number; OOMKilled?: boolean }
      try { rec = JSON.parse(data) } catch { continue }
      if (rec.Name !== name && rec.Name !== '/' + name) continue
      info = { state: rec.State ?? 'unknown', exitCode: rec.ExitCode ?? 0, oomKilled: rec.OOMKilled ?? false, pid: okKpid(rec.Pid ?? 0), id: rec.ID ?? id }
      break
    }
  }
  ctx.cache.set(key, info ? { status: 0, stdout: JSON.stringify(info), stderr: '' } : { status: 1, stdout: '', stderr: '' })
  return info
}

export function evaluate(c: Check, ctx: CheckContext): CheckResult {
  if ('not' in c) {
    const r = evaluate(c.not, ctx)
    return { ok: !r.ok, what: `not (${r.what})`, ...(r.ok ? { found: 'it holds' } : {}) }
  }
  if ('all' in c) {
    const rs = c.all.map((x) => evaluate(x, ctx))
    const bad = rs.find((r) => !r.ok)
    return { ok: !bad, what: rs.map((r) => r.what).join(' and '), ...(bad ? { found: `${bad.what}: ${bad.found}` } : {}) }
  }
  if ('any' in c) {
    const rs = c.any.map((x) => evaluate(x, ctx))
    const ok = rs.some((r) => r.ok)
    return { ok, what: rs.map((r) => r.what).join(' or '), ...(ok ? {} : { found: rs.map((r) => r.found).join('; ') }) }
  }
  if ('done' in c) {
    const ok = ctx.isDone(c.done)
    return { ok, what: `the task of step ${c.done} is done`, ...(ok ? {} : { found: 'not yet' }) }
  }
  if ('file' in c) return fileCheck(c.file, ctx)
  if ('cgroup' in c) return cgroupCheck(c.cgroup, ctx)
  if ('process' in c) return processCheck(c.process, ctx)
  if ('container' in c) return containerCheck(c.container, ctx)
  if ('command' in c) return commandCheck(c.command, ctx)
  if ('event' in c) return eventCheck(c.event, ctx)
  if ('history' in c) return historyCheck(c.history, ctx)
  return outputCheck(c.output, ctx)
}

function result(what: string, found: string | undefined): CheckResult {
  return found === undefined ? { ok: true, what } : { ok: false, what, found }
}

function fileCheck(f: Extract<Check, { file: unknown }>['file'], ctx: CheckContext): CheckResult {
  const where = f.terminal && f.terminal !== 'host' ? ` in ${f.terminal}` : ''
  const wantAbsent = f.exists === false
  const what = wantAbsent ? `${f.path}${where} does not exist` : `${f.path}${where}${hasTextMatch(f) ? ' ' + describeTextMatch(f) : ' exists'}`
  const term = ctx.terminals.get(f.terminal ?? 'host')
  if (!hasTextMatch(f)) { // existence only: a directory exists too
    const exists = hidden(ctx, inTerminal(term, `[ -e ${quoteSh(f.path)} ]`)).status === 0
    return result(what, exists === !wantAbsent ? undefined : exists ? 'it exists' : 'there is no such file')
  }
  const r = hidden(ctx, inTerminal(term, `cat -- ${quoteSh(f.path)}`))
  const exists = r.status === 0
  if (wantAbsent) return result(what, exists ? 'it exists' : undefined)
  if (!exists) return result(what, r.stderr.trim().split('\n').at(-1) || 'it cannot be read')
  return result(what, textMismatch(r.stdout, f))
}

function cgroupCheck(g: Extract<Check, { cgroup: unknown }>['cgroup'], ctx: CheckContext): CheckResult {
  const of = g.container !== undefined ? `container ${g.container}'s cgroup` : `cgroup ${g.path}`
  const what = `${g.file} of ${of} ${describeTextMatch(g)}`
  let dir = g.path ?? ''
  if (g.container !== undefined) {
    const info = containerInfo(ctx, g.container)
    if (!info) return result(what, `there is no container ${g.container}`)
    if (!info.pid) return result(what, `container ${g.container} is ${info.state}: it has no cgroup now`)
    const t = ctx.machine.kernel.task(info.pid)
    if (!t) return result(what, `container ${g.container}'s process ${info.pid} is gone`)
    dir = cgroupPath(ctx.machine.kernel, t.cgroup)
  }
  const path = `/sys/fs/cgroup/${dir.replace(/^\/+|\/+$/g, '')}/${g.file}`.replace(/\/+/g, '/')
  const r = hidden(ctx, `cat -- ${quoteSh(path)}`)
  if (r.status !== 0) return result(what, r.stderr.trim().split('\n').at(-1) || `${path} cannot be read`)
  return result(what, textMismatch(r.stdout, g))
}

function processCheck(p: Extract<Check, { process: unknown }>['process'], ctx: CheckContext): CheckResult {
  const k = ctx.machine.kernel
  const parts: string[] = []
  if (p.comm !== undefined) parts.push(`comm ${p.comm}`)
  if (p.uid !== undefined) parts.push(`uid ${p.uid}`)
  if (p.container !== undefined) parts.push(`in container ${p.container}`)
  if (p.cgroup !== undefined) parts.push(`in cgroup ${p.cgroup}`)
  if (p.namespace) parts.push(`in ${p.namespace.host ? "the host's" : 'its own'} ${p.namespace.type} namespace`)
  if (p.state !== undefined) parts.push(`state ${p.state}`)
  const c = p.count ?? { at_least: 1 }
  const bounds = [c.equals !== undefined ? `exactly ${c.equals}` : '', c.at_least !== undefined ? `at least ${c.at_least}` : '', c.at_most !== undefined ? `at most ${c.at_most}` : ''].filter(Boolean).join(', ')
  const what = `${bounds} process(es) with ${parts.join(', ') || 'any attributes'}`
  let pidNs: number | undefined
  if (p.container !== undefined) {
    const info = containerInfo(ctx, p.container)
    const init = info?.pid ? k.task(info.pid) : undefined
    if (!init) return c.at_least ? result(what, `container ${p.container} is ${info ? info.state : 'absent'}`) : result(what, undefined)
    pidNs = init.ns.pid
  }
  let n = 0
  for (const t of k.s.tasks.values()) {
    if (t.state === 'Z' && p.state !== 'Z') continue
    if (p.comm !== undefined && t.comm !== p.comm) continue
    if (p.uid !== undefined && t.cred.ruid !== p.uid) continue
    if (p.state !== undefined && t.state !== p.state) continue
    if (pidNs !== undefined && t.ns.pid !== pidNs) continue
    if (p.namespace && (t.ns[p.namespace.type] === INIT_NS[p.namespace.type]) !== p.namespace.host) continue
    if (p.cgroup !== undefined && !cgroupPath(k, t.cgroup).startsWith(p.cgroup)) continue
    n++
  }
  const bad = (c.equals !== undefined && n !== c.equals) || (c.at_least !== undefined && n < c.at_least) || (c.at_most !== undefined && n > c.at_most)
  return result(what, bad ? `${n} such process(es)` : undefined)
}

function containerCheck(cc: Extract<Check, { container: unknown }>['container'], ctx: CheckContext): CheckResult {
  const want = [cc.state && `is ${cc.state}`, cc.exit_code !== undefined && `exited with ${cc.exit_code}`, cc.oom_killed !== undefined && (cc.oom_killed ? 'was OOM-killed' : 'was not OOM-killed')].filter(Boolean)
  const what = `container ${cc.name} ${want.join(', ') || 'exists'}`
  const info = containerInfo(ctx, cc.name)
  if (!info) return result(what, cc.state === 'absent' ? undefined : 'there is no such container')
  if (cc.state === 'absent') return result(what, `it exists (${info.state})`)
  if (cc.state && info.state !== cc.state) return result(what, `it is ${info.state}`)
  if (cc.exit_code !== undefined && info.exitCode !== cc.exit_code) return result(what, `its exit code is ${info.exitCode}`)
  if (cc.oom_killed !== undefined && info.oomKilled !== cc.oom_killed) return result(what, info.oomKilled ? 'it was OOM-killed' : 'it was not OOM-killed')
  return result(what, undefined)
}

function commandCheck(cmd: Extract<Check, { command: unknown }>['command'], ctx: CheckContext): CheckResult {
  const where = cmd.terminal && cmd.terminal !== 'host' ? ` in ${cmd.terminal}` : ''
  const what = `\`${cmd.run}\`${where}` + [cmd.exit !== undefined ? ` exits ${cmd.exit}` : '', hasTextMatch(cmd) ? ` prints what ${describeTextMatch(cmd)}` : ''].join('')
  const r = hidden(ctx, inTerminal(ctx.terminals.get(cmd.terminal ?? 'host'), cmd.run))
  if (cmd.exit !== undefined && r.status !== cmd.exit) return result(what, `it exits ${r.status}${r.stderr ? ': ' + r.stderr.trim().split('\n')[0] : ''}`)
  return result(what, textMismatch(r.stdout, cmd))
}

function eventCheck(e: Extract<Check, { event: unknown }>['event'], ctx: CheckContext): CheckResult {
  const from = e.since === 'start' ? ctx.start : ctx.step
  const c = e.count ?? { at_least: 1 }
  const what = `${e.kind}${e.comm ? ` in ${e.comm}` : ''} seen since the ${e.since === 'start' ? 'lab' : 'step'} began` + (e.count ? ` (${describeCount(c)})` : '')
  const ev = ctx.machine.events
  const n = e.comm === undefined
    ? ev.totals[e.kind] - from.events[e.kind]
    : ev.recent.filter((x) => x.kind === e.kind && x.atNs >= from.ns && x.comm === e.comm).length
  const bad = (c.equals !== undefined && n !== c.equals) || (c.at_least !== undefined && n < c.at_least) || (c.at_most !== undefined && n > c.at_most)
  return result(what, bad ? `${n} seen` : undefined)
}

function describeCount(c: { at_least?: number; at_most?: number; equals?: number }): string {
  return [c.equals !== undefined && `exactly ${c.equals}`, c.at_least !== undefined && `at least ${c.at_least}`, c.at_most !== undefined && `at most ${c.at_most}`].filter(Boolean).join(', ')
}

function historyCheck(h: Extract<Check, { history: unknown }>['history'], ctx: CheckContext): CheckResult {
  const from = h.since === 'start' ? ctx.start : ctx.step
  const what = `a command typed ${h.since === 'start' ? 'since the start' : 'in this step'}` + [h.matches && ` matches /${h.matches}/`, h.contains && ` contains "${h.contains}"`].filter(Boolean).join(' and')
  const re = h.matches !== undefined ? new RegExp(h.matches) : undefined
  const hit = ctx.history.slice(from.history).some((x) => (!re || re.test(x.line)) && (h.contains === undefined || x.line.includes(h.contains)))
  return result(what, hit ? undefined : 'no such command yet')
}

function outputCheck(o: Extract<Check, { output: unknown }>['output'], ctx: CheckContext): CheckResult {
  const what = `the output${o.terminal ? ` in ${o.terminal}` : ''} ${describeTextMatch(o)}`
  const text = o.terminal !== undefined ? ctx.output?.get(o.terminal) ?? '' : [...(ctx.output?.values() ?? [])].join('')
  return result(what, textMismatch(text, o))
}
