// The decision advisor for the web page: the `advise` program with the page's
// answers as flags and --json, on a fresh seeded machine, so the reasons quote
// figures measured there. The page and the terminal run the same program;
// nothing is decided twice.
import { Machine } from '../host/machine.ts'
import { DEFAULT_ANSWERS, parseAnswer, QUESTIONS, type Advice, type Answers, type Figures } from '../programs/advise/core.ts'

/** One question as the page's form shows it (the flag's name, its text, its choices, the default). */
export interface AdvisorQuestion {
  key: string
  text: string
  choices: string[]
  default: string
}

export interface AdvisorResult extends Advice {
  answers: Answers
  figures: Figures
  seed: number
}

const answerText = (v: Answers[keyof Answers]) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v)

/** The questionnaire, in the order `advise` asks it. */
export function advisorQuestions(): AdvisorQuestion[] {
  return QUESTIONS.map((q) => ({ key: q.key, text: q.text, choices: [...q.choices], default: answerText(DEFAULT_ANSWERS[q.key]) }))
}

/**
 * `advise --json` with these answers (question key → choice) on a new machine
 * with this seed. A key that is not a question, or a choice it does not offer,
 * is an error naming both (nothing runs).
 */
export function runAdvisor(given: Readonly<Record<string, string>>, seed = 1): AdvisorResult | string {
  const flags: string[] = []
  for (const [key, text] of Object.entries(given)) {
    const q = QUESTIONS.find((x) => x.key === key)
    if (!q) return `advise: no question '${key}' (expected one of: ${QUESTIONS.map((x) => x.key).join(', ')})`
    if (parseAnswer(q.key, text) === undefined) return `advise: invalid ${key} '${text}' (expected ${q.choices.join(', ')})`
    flags.push(`--${key}`, text.trim().toLowerCase())
  }
  const r = new Machine({ seed }).runScript(['advise', '--json', ...flags].join(' '))
  if (r.status !== 0) return (r.stderr || r.stdout).trim() || `advise exited with status ${r.status}`
  try {
    return { ...(JSON.parse(r.stdout) as Omit<AdvisorResult, 'seed'>), seed }
  } catch {
    return `advise: its output is not JSON: ${r.stdout.slice(0, 200)}`
  }
}
