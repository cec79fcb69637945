// The narrated transcript of a played file: what a student reads without
// opening the YAML — the title and claim, each step's text, each command with
// its output, and whether what the step promised held.
import type { Lab } from './schema.ts'
import type { PlayedStep, PlayResult, Typed } from './player.ts'

const RULE = '─'

export function header(lab: Lab, variant?: string): string {
  let s = `${lab.title}${variant && variant !== 'default' ? `  [machine: ${variant}]` : ''}\n${'═'.repeat(Math.min(78, lab.title.length + 2))}\n`
  s += wrap(lab.summary.trim()) + '\n'
  if (lab.claim) s += `\n${wrap(`The claim: ${lab.claim.trim()}`)}\n`
  return s
}

export function narrateStep(step: PlayedStep, index: number, total: number): string {
  let s = `\n${RULE.repeat(2)} Step ${index + 1}/${total}: ${step.title} ${RULE.repeat(Math.max(2, 60 - step.title.length))}\n\n`
  s += step.text.trimEnd() + '\n'
  for (const r of step.runs) s += command(r)
  for (const e of step.expect) s += e.ok ? `  ✔ ${e.what}\n` : `  ✘ ${e.what} — ${e.found}\n`
  if (step.solution) {
    s += `\nTask — played with its solution:\n`
    for (const r of step.solution) s += command(r)
    const t = step.task!
    if (t.state === 'done') s += `  ✔ task done\n`
    else {
      s += `  ✘ task not done\n`
      for (const r of t.results.filter((x) => !x.ok)) s += `    ✘ ${r.what} — ${r.found}\n`
    }
  }
  return s
}

function command(r: Typed): string {
  const prompt = r.terminal === 'host' ? '$' : `[${r.terminal}] $`
  let out = r.output
  if (out && !out.endsWith('\n')) out += '\n'
  return `\n${prompt} ${r.command}\n${out}${r.interrupted ? '^C  (stopped: it ran past the player\'s budget)\n' : ''}`
}

export function footer(r: PlayResult): string {
  const failed = r.steps.flatMap((s) => s.expect.filter((e) => !e.ok).map((e) => `step ${s.id}: ${e.what} — ${e.found}`))
  const tasks = r.steps.filter((s) => s.task)
  const undone = tasks.filter((s) => s.task!.state !== 'done').map((s) => `step ${s.id}: task not done by its solution`)
  const problems = [...r.setupErrors, ...failed, ...undone]
  if (problems.length === 0) return `\n${RULE.repeat(3)} ${r.steps.length} steps played${tasks.length ? `, ${tasks.length} tasks done` : ''}: every expectation held.\n`
  return `\n${RULE.repeat(3)} ${problems.length} problem(s):\n${problems.map((p) => '  ✘ ' + p).join('\n')}\n`
}

/** The whole transcript, for a result already played. */
export function narrate(lab: Lab, r: PlayResult): string {
  return header(lab, r.variant) + r.setupErrors.map((e) => `  ✘ ${e}\n`).join('') + r.steps.map((s, i) => narrateStep(s, i, r.steps.length)).join('') + footer(r)
}

/** `scenario run --compare`: the same steps on each machine variant, each command's outputs one under the other. */
export function narrateCompare(lab: Lab, results: PlayResult[]): string {
  let s = header(lab) + `\nMachines compared: ${results.map((r) => r.variant).join(', ')}\n`
  const width = Math.max(...results.map((r) => r.variant.length))
  lab.steps.forEach((step, i) => {
    s += `\n${RULE.repeat(2)} Step ${i + 1}/${lab.steps.length}: ${step.title} ${RULE.repeat(Math.max(2, 60 - step.title.length))}\n\n${step.text.trimEnd()}\n`
    const played = results.map((r) => r.steps[i]!)
    const cmds = played[0] ? [...played[0].runs, ...(played[0].solution ?? [])] : []
    cmds.forEach((c, j) => {
      s += `\n${c.terminal === 'host' ? '$' : `[${c.terminal}] $`} ${c.command}\n`
      results.forEach((r, v) => {
        const p = played[v]!
        const out = ([...p.runs, ...(p.solution ?? [])][j]?.output ?? '').trimEnd()
        const lines = out === '' ? ['(no output)'] : out.split('\n')
        s += lines.map((l, n) => `  ${n === 0 ? `[${r.variant}]`.padEnd(width + 2) : ' '.repeat(width + 2)} │ ${l}`).join('\n') + '\n'
      })
    })
    results.forEach((r) => {
      for (const e of played[results.indexOf(r)]!.expect) s += `  [${r.variant}] ${e.ok ? '✔' : '✘'} ${e.what}${e.ok ? '' : ' — ' + e.found}\n`
    })
  })
  s += '\n' + results.map((r) => `  [${r.variant}] ${r.ok ? 'every expectation held' : 'some expectations failed'}`).join('\n') + '\n'
  return s
}

/** Folds prose at 78 columns (the summary and claim come from one-line YAML strings). */
function wrap(text: string, width = 78): string {
  const out: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const w of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + w.length > width) {
        out.push(line)
        line = w
      } else line = line ? `${line} ${w}` : w
    }
    out.push(line)
  }
  return out.join('\n')
}
