// [[ ... ]]: like test, but words are not split or globbed, the right side of
// == and != is a pattern, and && || ( ) are operators.
import type { Shell } from './shell.ts'
import type { Cond } from './ast.ts'
import { expandPattern, expandString } from './expand.ts'
import { evalTest, TestError, type Tok } from './testexpr.ts'
import { err, type Sys } from '../libc/index.ts'

export function* evalCond(sh: Shell, raw: Cond['tokens']): Sys<number> {
  const toks: Tok[] = []
  for (let k = 0; k < raw.length; k++) {
    const t = raw[k]!
    if (toks[toks.length - 1]?.s === '=~' && !toks[toks.length - 1]!.op) {
      // bash's parse_cond_command reads the regex as one word: ( ) | inside it are not operators
      let re = ''
      let depth = 0
      for (; k < raw.length; k++) {
        const r = raw[k]!
        if (r.op && (r.raw === '&&' || r.raw === '||' || (r.raw === ')' && depth === 0))) break
        if (r.op && r.raw === '(') depth++
        if (r.op && r.raw === ')') depth--
        re += r.op ? r.raw : yield* expandString(sh, r.raw)
      }
      k--
      toks.push({ s: re, op: false })
      continue
    }
    if (t.op) {
      toks.push({ s: t.raw, op: true })
      continue
    }
    const prev = toks[toks.length - 1]
    const s = yield* expandString(sh, t.raw)
    const tok: Tok = { s, op: false }
    if (prev && (prev.s === '==' || prev.s === '!=' || prev.s === '=')) tok.pat = yield* expandPattern(sh, t.raw)
    if (['!', '==', '!=', '=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef'].includes(t.raw) || /^-[a-zA-Z]$/.test(t.raw)) tok.op = undefined
    toks.push(tok)
  }
  try {
    return yield* evalTest(sh, toks, true)
  } catch (e) {
    if (!(e instanceof TestError)) throw e
    if (e.message) yield* err(`${sh.prefix()}${e.message}\n`)
    return 2
  }
}
