// A small sed: commands s p d q y = with line-number, $ and /regex/ addresses,
// ranges (a,b) and negation (!). Pure: parse once, then feed lines.
import { compilePosix, type Match, type PosixRegex } from './regex.ts'

type Addr = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: PosixRegex }

interface Cmd {
  a1?: Addr
  a2?: Addr
  negate: boolean
  name: string
  re?: PosixRegex
  repl?: string
  global?: boolean
  nth?: number
  print?: boolean
  from?: string
  to?: string
  inRange: boolean
}

export class SedError extends Error {}

/** Parses a script; `extended` selects ERE (-E). Throws SedError with GNU's text. */
/** Index just past the "]" closing a bracket expression whose "[" is at open-1, or -1 (POSIX: "]" first is literal; [:x:] [.x.] [=x=]). */
function bracketEnd(src: string, open: number): number {
  let j = open
  if (src[j] === '^') j++
  if (src[j] === ']') j++
  while (j < src.length) {
    if (src[j] === '[' && /[:.=]/.test(src[j + 1] ?? '')) {
      const close = src.indexOf(src[j + 1]! + ']', j + 2)
      if (close < 0) return -1
      j = close + 2
    } else if (src[j] === ']') return j + 1
    else j++
  }
  return -1
}

export function parseSed(script: string, extended: boolean, exprNo = 1): Cmd[] {
  const cmds: Cmd[] = []
  let i = 0
  const fail = (msg: string): never => {
    throw new SedError(`-e expression #${exprNo}, char ${i}: ${msg}`)
  }
  const skipWs = () => {
    while (i < script.length && /[ \t]/.test(script[i]!)) i++
  }
  /**
   * Text up to an unescaped delimiter; "\delim" becomes the delimiter itself. In a regex, a bracket
   * expression is copied whole: GNU sed 4.9 takes s/[/]/-/ (a "/" inside [...] does not end the regex).
   */
  const delimited = (d: string, what: string, isRegex = false): string => {
    let s = ''
    for (;;) {
      if (i >= script.length) fail(`unterminated ${what}`)
      const c = script[i++]!
      if (isRegex && c === '[') {
        const end = bracketEnd(script, i)
        if (end > 0) {
          s += script.slice(i - 1, end)
          i = end
          continue
        }
      }
      if (c === d) return s
      if (c === '\\' && script[i] === d) {
        s += d
        i++
      } else if (c === '\\' && i < script.length) s += c + script[i++]
      else s += c
    }
  }
  const regex = (src: string, ignoreCase = false): PosixRegex => {
    try {
      return compilePosix(src, extended, ignoreCase)
    } catch (e) {
      return fail((e as Error).message)
    }
  }
  const addr = (): Addr | undefined => {
    const m = /^\d+/.exec(script.slice(i))
    if (m) {
      i += m[0].length
      return { kind: 'line', n: Number(m[0]) }
    }
    if (script[i] === '$') {
      i++
      return { kind: 'last' }
    }
    if (script[i] === '/' || script[i] === '\\') {
      const d = script[i] === '\\' ? script[++i]! : '/'
      i++
      return { kind: 're', re: regex(delimited(d, 'address regex', true)) }
    }
    return undefined
  }
  while (i < script.length) {
    skipWs()
    if (script[i] === ';' || script[i] === '\n') {
      i++
      continue
    }
    if (i >= script.length) break
    const cmd: Cmd = { negate: false, name: '', inRange: false }
    cmd.a1 = addr()
    if (cmd.a1 && script[i] === ',') {
      i++
      cmd.a2 = addr() ?? fail('unexpected `,\'')
    }
    skipWs()
    if (script[i] === '!') {
      cmd.negate = true
      i++
      skipWs()
    }
    const c = script[i++]
    if (c === undefined) fail('missing command')
    cmd.name = c!
    if (c === 's') {
      const d = script[i++] ?? fail("unterminated `s' command")
      const re = delimited(d, "`s' command", true)
      cmd.repl = delimited(d, "`s' command")
      let ignoreCase = false
      while (i < script.length && /[gpiI0-9]/.test(script[i]!)) {
        const f = script[i++]!
        if (f === 'g') cmd.global = true
        else if (f === 'p') cmd.print = true
        else if (f === 'i' || f === 'I') ignoreCase = true
        else cmd.nth = (cmd.nth ?? 0) * 10 + Number(f)
      }
      cmd.re = regex(re, ignoreCase)
    } else if (c === 'y') {
      const d = script[i++] ?? fail("unterminated `y' command")
      cmd.from = delimited(d, "`y' command")
      cmd.to = delimited(d, "`y' command")
      if ([...cmd.from].length !== [...cmd.to].length) fail("strings for `y' command are different lengths")
    } else if (!'pdq=n'.includes(c!)) fail(`unknown command: \`${c}'`)
    skipWs()
    if (i < script.length && script[i] !== ';' && script[i] !== '\n' && script[i] !== '}') fail(`extra characters after command`)
    cmds.push(cmd)
  }
  return cmds
}

/** sed's replacement text: & and \1..\9, \n, \\ and escaped characters. */
function expand(repl: string, m: Match): string {
  let out = ''
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i]!
    if (c === '&') out += m[0]
    else if (c === '\\' && i + 1 < repl.length) {
      const n = repl[++i]!
      if (/[0-9]/.test(n)) out += m[Number(n)] ?? ''
      else out += n === 'n' ? '\n' : n === 't' ? '\t' : n
    } else out += c
  }
  return out
}

export function substitute(line: string, cmd: Cmd): { text: string; changed: boolean } {
  let out = ''
  let last = 0
  let count = 0
  let changed = false
  for (const m of cmd.re!.all(line)) {
    count++
    const want = cmd.nth ? count === cmd.nth || (cmd.global && count > cmd.nth) : true
    if (want) {
      out += line.slice(last, m.index) + expand(cmd.repl!, m)
      last = m.index + m[0].length
      changed = true
      if (!cmd.global) break
    }
  }
  return { text: out + line.slice(last), changed }
}

export class Sed {
  private lineNo = 0
  quit = false
  constructor(private readonly cmds: Cmd[], private readonly quiet: boolean) {}

  private hit(a: Addr, line: string, last: boolean): boolean {
    return a.kind === 'line' ? this.lineNo === a.n : a.kind === 'last' ? last : a.re.test(line)
  }
  private selected(c: Cmd, line: string, last: boolean): boolean {
    let r: boolean
    if (!c.a1) r = true
    else if (!c.a2) r = this.hit(c.a1, line, last)
    else if (c.inRange) {
      // a numeric end at or before the current line closes the range now
      if (c.a2.kind === 'line' ? this.lineNo >= c.a2.n : this.hit(c.a2, line, last)) c.inRange = false
      r = true
    } else if (this.hit(c.a1, line, last)) {
      c.inRange = !(c.a2.kind === 'line' && c.a2.n <= this.lineNo)
      r = true
    } else r = false
    return r !== c.negate
  }

  /** Output for one input line (without '\n'); `last` is true for the last line of input. */
  line(input: string, last: boolean): string {
    this.lineNo++
    let ps = input
    let out = ''
    for (const c of this.cmds) {
      if (!this.selected(c, ps, last)) continue
      switch (c.name) {
        case 's': {
          const r = substitute(ps, c)
          ps = r.text
          if (r.changed && c.print) out += ps + '\n'
          break
        }
        case 'y':
          ps = [...ps].map((ch) => {
            const k = [...c.from!].indexOf(ch)
            return k < 0 ? ch : [...c.to!][k]!
          }).join('')
          break
        case 'p': out += ps + '\n'; break
        case '=': out += `${this.lineNo}\n`; break
        case 'd': return out
        case 'n':
          // SIMPLIFICATION: `n` prints the pattern space and ends the cycle (no next-line fetch)
          return out + (this.quiet ? '' : ps + '\n')
        case 'q':
          this.quit = true
          return out + (this.quiet ? '' : ps + '\n')
      }
    }
    return out + (this.quiet ? '' : ps + '\n')
  }
}
