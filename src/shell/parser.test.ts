import { describe, it, expect } from 'vitest'
import { Parser, parseScript } from './parser.ts'
import { Lexer, ParseError } from './lexer.ts'
import type * as A from './ast.ts'

function lexAll(src: string): string[] {
  const l = new Lexer(src)
  const out: string[] = []
  for (;;) {
    const t = l.next()
    if (t.kind === 'eof') return out
    out.push(t.kind === 'word' ? t.raw : t.kind === 'nl' ? '\\n' : (t.fd ?? '') + t.op)
  }
}

describe('lexer', () => {
  const cases: [string, string[]][] = [
    ['echo hi', ['echo', 'hi']],
    ["echo 'a b' \"c d\"", ['echo', "'a b'", '"c d"']],
    ['a|b&&c||d;e&', ['a', '|', 'b', '&&', 'c', '||', 'd', ';', 'e', '&']],
    ['cat <f >g 2>&1 >>h', ['cat', '<', 'f', '>', 'g', '2>&', '1', '>>', 'h']],
    ['echo $(a b) `c d` ${x:-y z}', ['echo', '$(a b)', '`c d`', '${x:-y z}']],
    ['echo $((1 + (2)))', ['echo', '$((1 + (2)))']],
    ['x=1 y="2 3" cmd', ['x=1', 'y="2 3"', 'cmd']],
    ['echo a # comment', ['echo', 'a']],
    ['echo a\\ b', ['echo', 'a\\ b']],
    ['a &>f 3<&0 4>&-', ['a', '&>', 'f', '3<&', '0', '4>&', '-']],
    ['echo "$(echo ")")"', ['echo', '"$(echo ")")"']],
    ['a\nb', ['a', '\\n', 'b']],
    ["echo $'a\\'b'", ['echo', "$'a\\'b'"]],
  ]
  it.each(cases)('%j', (src, toks) => expect(lexAll(src)).toEqual(toks))

  it('unterminated quotes are incomplete input', () => {
    for (const [src, q] of [["echo 'a", "'"], ['echo "a', '"'], ['echo `a', '`'], ['echo $(a', ')']]) {
      try {
        lexAll(src!)
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError)
        expect((e as ParseError).message).toBe(`unexpected EOF while looking for matching \`${q}'`)
        expect((e as ParseError).incomplete).toBe(true)
      }
    }
  })
})

function first(src: string): A.Command {
  return parseScript(src).items[0]!.cmd.first.cmds[0]!
}

describe('parser', () => {
  it('simple commands with assignments and redirections', () => {
    const c = first('A=1 B=2 echo x >out 2>&1') as A.Simple
    expect(c.type).toBe('simple')
    expect(c.assigns).toEqual(['A=1', 'B=2'])
    expect(c.words).toEqual(['echo', 'x'])
    expect(c.redirs).toEqual([
      { fd: null, op: '>', target: 'out' },
      { fd: 2, op: '>&', target: '1' },
    ])
  })

  it('lists, and-or, pipelines, background', () => {
    const l = parseScript('a | b && c || ! d; e &')
    expect(l.items.length).toBe(2)
    const ao = l.items[0]!.cmd
    expect(ao.first.cmds.length).toBe(2)
    expect(ao.rest.map((r) => r.op)).toEqual(['&&', '||'])
    expect(ao.rest[1]!.pipe.bang).toBe(true)
    expect(l.items[1]!.bg).toBe(true)
    expect(l.items[1]!.text).toBe('e')
  })

  const compound: [string, string][] = [
    ['if a; then b; elif c; then d; else e; fi', 'if'],
    ['while a; do b; done', 'while'],
    ['until a; do b; done', 'while'],
    ['for x in 1 2 3; do echo $x; done', 'for'],
    ['for x\ndo echo; done', 'for'],
    ['for ((i=0;i<3;i++)); do echo; done', 'arithfor'],
    ['case $x in a|b) echo ab;; *) echo other;; esac', 'case'],
    ['( a; b )', 'subshell'],
    ['{ a; b; }', 'group'],
    ['((x > 1))', 'arith'],
    ['[[ -f /etc && $x == a* ]]', 'cond'],
    ['f() { echo; }', 'funcdef'],
    ['function f { echo; }', 'funcdef'],
    ['function f() ( echo )', 'funcdef'],
  ]
  it.each(compound)('%j is a %s', (src, type) => expect(first(src).type).toBe(type))

  it('the fork bomb parses', () => {
    const l = parseScript(':(){ :|:& };:')
    expect(l.items.length).toBe(2)
    const f = l.items[0]!.cmd.first.cmds[0] as A.FuncDef
    expect(f.type).toBe('funcdef')
    expect(f.name).toBe(':')
    const body = (f.body as A.Group).body
    expect(body.items[0]!.bg).toBe(true)
    expect(body.items[0]!.cmd.first.cmds.length).toBe(2)
  })

  it('heredocs read their bodies after the line', () => {
    const l = parseScript('cat <<EOF; echo after\nhello $x\nEOF\necho next')
    const c = l.items[0]!.cmd.first.cmds[0] as A.Simple
    expect(c.redirs[0]!.heredoc).toEqual({ body: 'hello $x\n', quoted: false })
    expect(l.items.length).toBe(3)
    const q = first("cat <<-'E'\n\tx\n\tE\n") as A.Simple
    expect(q.redirs[0]!.heredoc).toEqual({ body: 'x\n', quoted: true })
  })

  const errors: [string, string, boolean][] = [
    ['echo a; )', "syntax error near unexpected token `)'", false],
    ['| a', "syntax error near unexpected token `|'", false],
    ['if true; then', 'syntax error: unexpected end of file', true],
    ['a &&', 'syntax error: unexpected end of file', true],
    ['fi', "syntax error near unexpected token `fi'", false],
    ['echo >', "syntax error near unexpected token `newline'", false],
    ['a;;', "syntax error near unexpected token `;;'", false],
    ['{ a }', 'syntax error: unexpected end of file', true],
  ]
  it.each(errors)('%j → %s', (src, msg, incomplete) => {
    try {
      parseScript(src)
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError)
      expect((e as ParseError).message).toBe(msg)
      expect((e as ParseError).incomplete).toBe(incomplete)
    }
  })

  it('parses one line at a time', () => {
    const p = new Parser('echo a\necho b; )\n')
    expect(p.parseNext()!.items.length).toBe(1)
    expect(() => p.parseNext()).toThrow(ParseError)
  })

  it('records line numbers', () => {
    const l = parseScript('a\n\nb')
    expect((l.items[1]!.cmd.first.cmds[0] as A.Simple).line).toBe(3)
  })
})
