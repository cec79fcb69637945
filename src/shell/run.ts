// Parses and runs shell text one complete command at a time (bash's
// parse_and_execute), printing bash's syntax-error messages.
import type { Shell } from './shell.ts'
import { Parser } from './parser.ts'
import { ParseError } from './lexer.ts'
import { execList } from './exec.ts'
import { err, type Sys } from '../libc/index.ts'

/**
 * Runs `text`; `label` names it in syntax errors ("-c", "eval", or null for a
 * script file / stdin, named by $0). Returns the last status; 2 after a syntax error.
 */
export function* runScriptText(sh: Shell, text: string, label: string | null, _script = false): Sys<number> {
  // bash reads -c strings and files as if newline-terminated: `for` fails
  // "near unexpected token `newline'", `if x; then` at "line 2"
  const parser = new Parser(text.endsWith('\n') ? text : text + '\n')
  for (;;) {
    let list
    try {
      list = parser.parseNext()
    } catch (e) {
      if (!(e instanceof ParseError)) throw e
      yield* syntaxError(sh, e, text, label)
      return (sh.status = 2)
    }
    if (!list) break
    yield* execList(sh, list)
  }
  return sh.status
}

export function* syntaxError(sh: Shell, e: ParseError, text: string, label: string | null): Sys<void> {
  if (sh.interactive && label === null) {
    yield* err(`${sh.arg0}: ${e.message}\n`)
    return
  }
  const where = `${sh.arg0}: ${label ? label + ': ' : ''}line ${e.line}: `
  yield* err(where + e.message + '\n')
  // bash echoes the offending line after "near unexpected token" errors
  if (e.message.includes('near unexpected token')) {
    const line = text.split('\n')[e.line - 1] ?? ''
    yield* err(`${where}\`${line}'\n`)
  }
}
