// The shell's syntax tree. Words are kept as raw source text (quotes and all):
// expand.ts interprets them at run time, as bash expands words only when the
// command runs.

export type RedirOp =
  | '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<' | '<<-' | '<<<'

export interface Redir {
  /** Explicit fd (`2>`), or null for the operator's default (0 for <, 1 for >). */
  fd: number | null
  op: RedirOp
  /** Raw target word; for heredocs the delimiter. */
  target: string
  /** Heredoc body, filled in by the lexer when it reaches the end of the line. */
  heredoc?: { body: string; quoted: boolean }
}

export interface Simple { type: 'simple'; assigns: string[]; words: string[]; redirs: Redir[]; line: number }
export interface Pipeline {
  type: 'pipeline'
  cmds: Command[]
  bang: boolean
  text: string
  line: number
  /** `time pipeline` (bash's TIMEFORMAT) or `time -p pipeline` (POSIX format). */
  timed?: 'bash' | 'posix'
}
export interface AndOr { type: 'andor'; first: Pipeline; rest: { op: '&&' | '||'; pipe: Pipeline }[] }
export interface List { type: 'list'; items: { cmd: AndOr; bg: boolean; text: string }[] }

interface Compound { redirs: Redir[]; line: number }
export interface Subshell extends Compound { type: 'subshell'; body: List }
export interface Group extends Compound { type: 'group'; body: List }
export interface If extends Compound { type: 'if'; clauses: { cond: List; body: List }[]; else: List | null }
export interface For extends Compound { type: 'for'; name: string; words: string[] | null; body: List }
export interface ArithFor extends Compound { type: 'arithfor'; init: string; cond: string; step: string; body: List }
export interface While extends Compound { type: 'while'; until: boolean; cond: List; body: List }
export interface CaseItem { patterns: string[]; body: List; term: ';;' | ';&' | ';;&' }
export interface Case extends Compound { type: 'case'; word: string; items: CaseItem[] }
export interface Arith extends Compound { type: 'arith'; expr: string }
/** `[[ ... ]]`: tokens as raw words and operator strings. */
export interface Cond extends Compound { type: 'cond'; tokens: { raw: string; op: boolean }[] }
export interface FuncDef { type: 'funcdef'; name: string; body: Command; text: string; line: number }

export type Command = Simple | Subshell | Group | If | For | ArithFor | While | Case | Arith | Cond | FuncDef
