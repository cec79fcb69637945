// The step panel beside the terminals: the current step's text (markdown),
// its commands as code blocks with Run buttons that type into the named
// terminal, and Check / Hint / Solution / Next, answered by the labs engine
// in the worker. A scenario's steps are played instead: one step, or all.
import type { LabInfo, LabState } from '../../src/worker/api.ts'
import { h } from '../view/dom.ts'

export interface PlayerHooks {
  /** Type `command` into terminal `terminal` (a name from the lab) and run it; resolves when its prompt is back. */
  run(terminal: string, command: string): Promise<void>
  answer(args: string[]): Promise<{ status: number; text: string; state: LabState } | null>
  state(): Promise<LabState | null>
  /** The learner moved to step `i` (saved for a reload). */
  stepChanged(i: number): void
  exportReport(learner: string): void
  close(): void
}

export class Player {
  private info: LabInfo | null = null
  private state: LabState | null = null
  private result: HTMLElement

  constructor(private root: HTMLElement, private hooks: PlayerHooks) {
    this.result = h('div', { class: 'lab-result', role: 'status', 'aria-live': 'polite' })
  }

  get open(): boolean { return this.info !== null }

  show(info: LabInfo, state: LabState): void {
    this.info = info
    this.state = state
    this.root.hidden = false
    document.body.classList.add('with-lab')
    this.draw()
  }

  /** The engine's state changed (a command finished): redraw the task marks, keep the result. */
  update(state: LabState): void {
    const was = this.state
    this.state = state
    const i = state.current
    if (was && was.current !== i && this.info?.kind === 'lab') {
      // `lab next` (typed, or the Next button) moved the engine on.
      this.hooks.stepChanged(i)
      this.say('')
      return this.draw()
    }
    if (was && was.tasks[i] !== 'done' && state.tasks[i] === 'done') this.say(`✔ Task done: ${this.info!.steps[i]!.title}.`, 'ok')
    this.drawProgress()
  }

  hide(): void {
    this.info = null
    this.root.hidden = true
    document.body.classList.remove('with-lab')
  }

  /** Errors of a lab file that did not load, each at its line and column, with the line itself. */
  showErrors(file: string, text: string, errors: string[]): void {
    this.info = null
    this.root.hidden = false
    document.body.classList.add('with-lab')
    const lines = text.split('\n')
    this.root.replaceChildren(
      h('h2', {}, `${file} did not load`),
      h('div', { class: 'lab-errors', role: 'alert' }, ...errors.map((e) => {
        const m = /:(\d+):(\d+): /.exec(e)
        const src = m ? lines[Number(m[1]) - 1] ?? '' : ''
        return h('div', { class: 'lab-error' }, h('div', {}, e),
          m ? h('pre', {}, `${m[1]} | ${src}\n${' '.repeat(String(m[1]).length + 3 + Number(m[2]) - 1)}^`) : null)
      })),
      this.closeButton())
  }

  private closeButton(): HTMLElement {
    const b = h('button', { type: 'button', class: 'lab-close' }, 'Close')
    b.addEventListener('click', () => this.hooks.close())
    return b
  }

  private say(text: string, kind: 'ok' | 'bad' | 'info' = 'info'): void {
    this.result.className = `lab-result ${kind}`
    this.result.replaceChildren(...text.trimEnd().split('\n').map((l) => h('div', {}, l)))
  }

  private runBlock(terminal: string, command: string): HTMLElement {
    const b = h('button', { type: 'button', class: 'run', 'aria-label': 'Run', title: `Run in ${terminal}` }, 'Run')
    b.addEventListener('click', () => void this.hooks.run(terminal, command))
    return h('div', { class: 'code-run' }, h('pre', {}, h('code', {}, terminal === 'host' ? command : `[${terminal}] ${command}`)), b)
  }

  private button(label: string, f: () => void | Promise<void>): HTMLButtonElement {
    const b = h('button', { type: 'button' }, label)
    b.addEventListener('click', () => void f())
    return b
  }

  private progress = h('ol', { class: 'lab-progress', 'aria-label': 'Steps' })

  private drawProgress(): void {
    const info = this.info!
    const st = this.state!
    this.progress.replaceChildren(...info.steps.map((s, i) => h('li', { class: `${i === st.current ? 'current ' : ''}${st.tasks[i]}`, 'aria-current': i === st.current ? 'step' : undefined },
      `${st.tasks[i] === 'done' ? '✔ ' : ''}${s.title}`)))
  }

  private draw(): void {
    const info = this.info!
    const st = this.state!
    const step = info.steps[st.current]!
    const body = h('div', { class: 'lab-text' }, step.text)
    // marked and DOMPurify load with the first lab, not with the page.
    void import('./markdown.ts').then(({ renderMarkdown }) => {
      body.replaceChildren(renderMarkdown(step.text))
      // Fenced code in the text runs in the host terminal too.
      for (const pre of [...body.querySelectorAll('pre')]) {
        const code = pre.textContent?.trim() ?? ''
        if (code && !code.includes('\n')) pre.replaceWith(this.runBlock('host', code))
      }
    })
    const runs = step.run.map((r) => this.runBlock(r.terminal, r.command))
    const controls = h('div', { class: 'lab-controls' })
    if (info.kind === 'lab') {
      controls.append(
        this.button('Check', async () => {
          const a = await this.hooks.answer(['check'])
          if (!a) return
          this.update(a.state)
          if (a.status === 0) return this.say(a.text, 'ok')
          const hint = await this.hooks.answer(['hint'])
          this.say(a.text + (hint ? `\n${hint.text}` : ''), 'bad')
        }),
        this.button('Hint', async () => { const a = await this.hooks.answer(['hint']); if (a) this.say(a.text) }),
        this.button('Solution', async () => {
          const a = await this.hooks.answer(['solution'])
          if (!a) return
          const cmds = a.text.split('\n').slice(1).filter((l) => l.trim()).map((l) => l.trim())
          this.result.className = 'lab-result info'
          this.result.replaceChildren(h('div', {}, a.text.split('\n')[0] ?? ''), ...cmds.map((c) => {
            const m = /^(?:\[([\w-]+)\] )?\$ (.*)$/.exec(c)
            return m ? this.runBlock(m[1] ?? 'host', m[2]!) : h('div', {}, c)
          }))
        }),
        this.button('Next', async () => {
          // Typed as `lab next`, so the input log (the report, a reload) has it as the CLI's would.
          const from = this.state!.current
          await this.hooks.run('host', 'lab next')
          const st = await this.hooks.state()
          if (!st) return
          if (st.current !== from) { if (this.state!.current !== st.current) this.update(st) }
          else this.say(st.finished ? 'That was the last step: the lab is complete. Export your report below.' : 'The task of this step is not done yet: Check says why, Hint helps.', st.finished ? 'ok' : 'bad')
        }),
      )
    } else {
      controls.append(
        this.button('Play step', async () => { for (const r of step.run) await this.hooks.run(r.terminal, r.command) }),
        this.button('Play all', async () => {
          for (let i = st.current; i < info.steps.length; i++) {
            this.goTo(i)
            for (const r of info.steps[i]!.run) await this.hooks.run(r.terminal, r.command)
          }
        }),
        this.button('Next', () => { if (this.state!.current < info.steps.length - 1) this.goTo(this.state!.current + 1) }),
      )
    }
    const learner = h('input', { type: 'text', placeholder: 'your name', 'aria-label': 'Your name for the report', class: 'learner' })
    const exp = this.button('Export report', () => this.hooks.exportReport(learner.value.trim()))
    this.drawProgress()
    this.root.replaceChildren(...[
      h('div', { class: 'lab-head' }, h('h2', {}, info.title), this.closeButton()),
      info.claim ? h('p', { class: 'claim' }, `Claim: “${info.claim}”`) : null,
      this.progress,
      h('h3', {}, `Step ${st.current + 1} of ${info.steps.length}: ${step.title}`),
      body, ...runs, controls, this.result,
      info.kind === 'lab' ? h('div', { class: 'lab-report' }, learner, exp) : null,
    ].filter((x) => x !== null))
  }

  /** A scenario's step, chosen by the player (no task to gate it). */
  private goTo(i: number): void {
    this.state = { ...this.state!, current: i }
    this.hooks.stepChanged(i)
    this.draw()
  }
}
