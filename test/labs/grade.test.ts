// Reports and grading by replay: an honest report is confirmed, edited results
// are flagged, a report from another version of the lab is flagged; the `lab`
// program answers inside the learner's shell.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runSlice } from '../../kernel-sim/index.ts'
import { Machine } from '../../src/host/machine.ts'
import { runUntilTime } from '../../src/host/drive.ts'
import { grade, gradeTable, labHash, LabSession, loadLab, machinePlan, reportProblem, type Lab, type LabReport } from '../../src/labs/index.ts'

const TEXT = readFileSync(new URL('../../scenarios/examples/hostname-namespace.yaml', import.meta.url), 'utf8')
const lab = (() => { const r = loadLab(TEXT, 'hostname-namespace.yaml'); if (!r.ok) throw new Error('example invalid'); return r.lab })()

/** An interactive host without a wall clock: type a line, run slices until the prompt is back. */
async function session(l: Lab, lines: string[], idleNsBetween = 2e9) {
  const plan = machinePlan(l)
  const m = new Machine(plan.options)
  const s = new LabSession(l, m, plan.options, await labHash(l))
  let out = ''
  const term = s.attach(m.openTerminal({ cols: 120, rows: 40, onOutput: (d) => { out += d } }))
  const settle = () => {
    for (let i = 0; i < 10_000; i++) {
      runSlice(m.kernel, 20_000, m.kernel.s.nowNs)
      s.afterSlice()
      if (term.wantsInput && !s.busy) return
      if (i > 0 && !m.kernel.sched.runnable) runSlice(m.kernel, 20_000, m.kernel.sched.nextTimer() ?? m.kernel.s.nowNs)
    }
  }
  settle()
  for (const line of lines) {
    runUntilTime(m.kernel, m.kernel.s.nowNs + idleNsBetween, () => s.afterSlice()) // the learner reads and thinks
    term.inputLine(line + '\n')
    settle()
  }
  return { s, out, report: s.report('alice') }
}

const SOLVED = ['lab next', 'docker run -d --name web --hostname box alpine sleep 1d', 'lab check', 'lab next', 'docker exec web hostname']
const HALF = ['lab next', 'docker run -d --name web alpine sleep 1d', 'lab check', 'lab hint']

async function gradeOf(report: LabReport, l = lab) {
  const plan = machinePlan(l)
  return grade(report, l, await labHash(l), new Machine({ ...report.machine, seed: report.seed, ...plan.options }))
}

describe('lab sessions, reports and grading', () => {
  it('the lab program answers in the learner\'s shell: check says what is missing, hint fits the state', async () => {
    const { out, report } = await session(lab, HALF)
    expect(out).toContain('✘ `docker exec web hostname` prints what is "box" — is "')
    expect(out).toContain('✔ container web is running')
    expect(out).toContain('Hint: web runs, but its hostname is its short id.')
    expect(report.results).toEqual([{ step: 'box', done: false }, { step: 'host-unchanged', done: false }])
    expect(report.input.map((e) => e.kind === 'line' && e.line)).toEqual(HALF)
    expect(reportProblem(report)).toBeUndefined()
  })

  it('an honest report: the replay agrees, and the class table shows tasks and time', async () => {
    const { report } = await session(lab, SOLVED)
    expect(report.results.map((r) => r.done)).toEqual([true, true])
    const g = await gradeOf(JSON.parse(JSON.stringify(report)))
    expect(g.flags).toEqual([])
    expect([g.passed, g.total]).toEqual([2, 2])
    expect(g.seconds).toBeGreaterThanOrEqual(10) // five lines, two idle seconds before each
    expect(gradeTable([g])).toMatch(/^LEARNER\s+LAB\s+TASKS\s+TIME\s+REPLAY\nalice\s+hostname-namespace\s+2\/2\s+0m1\ds\s+ok\n$/)
  })

  it('edited results are flagged: the replay does not reproduce them', async () => {
    const { report } = await session(lab, HALF)
    const forged: LabReport = JSON.parse(JSON.stringify(report))
    forged.results = forged.results.map((r) => ({ ...r, done: true, atNs: forged.endedAtNs }))
    const g = await gradeOf(forged)
    expect(g.passed).toBe(0)
    expect(g.flags).toEqual([
      'task box: the report claims done, the replay finds it not done',
      'task host-unchanged: the report claims done, the replay finds it not done',
    ])
    expect(gradeTable([g])).toContain('⚠ alice: task box: the report claims done')
  })

  it('a report from another version of the lab is flagged', async () => {
    const { report } = await session(lab, SOLVED)
    const v2 = loadLab(TEXT.replace('version: 1', 'version: 2').replace('equals: box }', 'equals: web }'), 'hostname-namespace.yaml')
    if (!v2.ok) throw new Error('v2 invalid')
    const g = await gradeOf(report, v2.lab)
    expect(g.flags[0]).toMatch(/^report is from another version of the lab \(report: version 1, [0-9a-f]{12}; lab: version 2, [0-9a-f]{12}\)$/)
    expect(g.flags).toContain('task box: the report claims done, the replay finds it not done')
  })

  it('a file that is not a report is refused with the reason', () => {
    expect(reportProblem({ format: 'x' })).toBe('format is "x", expected "isolab-lab-report/1"')
    expect(reportProblem(null)).toBe('not a JSON object')
  })
})
