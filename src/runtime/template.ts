// The part of Go's text/template that `docker inspect -f`, `docker ps --format`
// and `docker images --format` are used with: field chains (`{{.State.Status}}`),
// `{{.}}`, pipelines (`{{.Names | upper}}`), `{{range}}`/`{{if}}`/`{{with}}` with
// `{{else}}` and `{{end}}`, trim markers (`{{-`, `-}}`), string and number
// literals, Go's builtins (index, len, eq, ne, not, and, or, print, printf) and
// docker's (json, join, split, upper, lower, title, truncate, pad;
// cli/templates/templates.go). Values print as Go's fmt prints them: true/false,
// <nil>, [a b], map[k:v] with sorted keys; a missing map key is <no value>.
// SIMPLIFICATION: no variables ($x :=), parentheses, define/template/block;
// a function error's column is where the command's text first occurs;
// printf knows only %s %d %v %q.

export type Node =
  | { k: 'text'; s: string }
  | { k: 'out'; p: Cmd[] }
  | { k: 'range' | 'if' | 'with'; p: Cmd[]; body: Node[]; alt: Node[] }

/** One command of a pipeline: its words (fields, literals, function names). */
type Cmd = string[]

export class TemplateError extends Error {}

/** A function's error; the executor adds where it happened (exec.go errorf: `executing "" at <cmd>: ...`). */
class CallError extends Error {}

function tokenize(src: string): (string | { action: string })[] {
  const out: (string | { action: string })[] = []
  let i = 0
  while (i < src.length) {
    const open = src.indexOf('{{', i)
    if (open < 0) {
      out.push(src.slice(i))
      break
    }
    let text = src.slice(i, open)
    let start = open + 2
    if (src.startsWith('- ', start)) {
      text = text.replace(/\s+$/, '')
      start += 1
    }
    if (text) out.push(text)
    const close = src.indexOf('}}', start)
    if (close < 0) throw new TemplateError(`template: :1: unclosed action`)
    let body = src.slice(start, close)
    i = close + 2
    if (body.endsWith(' -')) {
      body = body.slice(0, -2)
      while (i < src.length && /\s/.test(src[i]!)) i++
    }
    out.push({ action: body.trim() })
  }
  return out
}

/** Splits an action into pipeline commands and their words (string literals kept quoted). */
function words(action: string): Cmd[] {
  const cmds: Cmd[] = [[]]
  const re = /"(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+/g
  for (const m of action.match(re) ?? []) {
    if (m === '|') cmds.push([])
    else cmds.at(-1)!.push(m)
  }
  if (cmds.some((c) => c.length === 0)) throw new TemplateError(`template: :1: missing value for command`)
  return cmds
}

export function parseTemplate(src: string): Node[] {
  const toks = tokenize(src)
  let pos = 0
  type End = { nodes: Node[]; end: 'end' | 'else' | 'eof'; chain?: RegExpExecArray }
  const block = (top: boolean): End => {
    const nodes: Node[] = []
    while (pos < toks.length) {
      const t = toks[pos++]!
      if (typeof t === 'string') {
        nodes.push({ k: 'text', s: t })
        continue
      }
      const a = t.action
      // {{else if p}}: text/template's shorthand for {{else}}{{if p}} ... {{end}}{{end}}. Go 1.22 (docker 27's)
      // has no {{else with}} (1.23): elseControl expects "}}" after else.
      // SIMPLIFICATION: else-if is also accepted after range/with (Go parses it only in if).
      const chain = /^else\s+(if)\s+(.*)$/.exec(a) ?? undefined
      const after = /^else\s+(\S+)/.exec(a)
      if (after && !chain) throw new TemplateError(`template: :1: unexpected ${/^(with|range|end|else)$/.test(after[1]!) ? `<${after[1]}>` : `"${after[1]}"`} in else`)
      if (a === 'end' || a === 'else' || chain) {
        if (top) throw new TemplateError(`template: :1: unexpected {{${chain ? 'else' : a}}}`)
        return { nodes, end: a === 'end' ? 'end' : 'else', chain }
      }
      const kw = /^(range|if|with)\s+(.*)$/.exec(a)
      if (kw) nodes.push(control(kw))
      else if (a.startsWith('/*')) continue
      else nodes.push({ k: 'out', p: words(a) })
    }
    if (!top) throw new TemplateError('template: :1: unexpected EOF')
    return { nodes, end: 'eof' }
  }
  /** range/if/with up to its {{end}}; an else-chain's inner if/with shares that {{end}}. */
  const control = (kw: RegExpExecArray): Node => {
    const p = words(kw[2]!)
    const body = block(false)
    let alt: Node[] = []
    if (body.chain) alt = [control(body.chain)]
    else if (body.end === 'else') {
      const e = block(false)
      if (e.end !== 'end') throw new TemplateError('template: :1: unexpected EOF')
      alt = e.nodes
    } else if (body.end !== 'end') throw new TemplateError('template: :1: unexpected EOF')
    return { k: kw[1] as 'range', p, body: body.nodes, alt }
  }
  const fns = new Set(Object.keys(FUNCS))
  const check = (ns: Node[]): void => {
    for (const n of ns) {
      if (n.k === 'text') continue
      for (const c of n.p) if (!/^[."`\d-]|^(true|false|nil)$/.test(c[0]!) && !fns.has(c[0]!)) throw new TemplateError(`template: :1: function "${c[0]}" not defined`)
      if (n.k !== 'out') {
        check(n.body)
        check(n.alt)
      }
    }
  }
  const nodes = block(true).nodes
  check(nodes)
  return nodes
}

/** Go's fmt %v of a JSON-like value. */
export function goString(v: unknown): string {
  if (v === undefined) return '<no value>'
  if (v === null) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`
  if (typeof v === 'object') return `map[${Object.keys(v as object).sort().map((k) => `${k}:${goString((v as Record<string, unknown>)[k])}`).join(' ')}]`
  return String(v)
}

/** Go's truth: false, 0, nil, empty string/array/map are false. */
function truth(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v as object).length > 0
  return true
}

function printf(fmt: string, args: unknown[]): string {
  let i = 0
  return fmt.replace(/%([sdvq%])/g, (_m, c: string) => (c === '%' ? '%' : c === 'q' ? JSON.stringify(goString(args[i++])) : goString(args[i++])))
}

const FUNCS: Record<string, (...a: unknown[]) => unknown> = {
  // json.Encoder with SetEscapeHTML(false), trailing newline trimmed (docker cli/templates).
  json: (v) => JSON.stringify(v === undefined ? null : v),
  join: (a, sep) => (Array.isArray(a) ? a.map(goString).join(String(sep)) : goString(a)),
  split: (s, sep) => String(s).split(String(sep)),
  upper: (s) => goString(s).toUpperCase(),
  lower: (s) => goString(s).toLowerCase(),
  title: (s) => goString(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  truncate: (s, n) => [...goString(s)].slice(0, Number(n)).join(''),
  pad: (s, l, r) => ' '.repeat(Number(l)) + goString(s) + ' '.repeat(Number(r)),
  len: (v) => (Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  index: (v, ...keys) => keys.reduce<unknown>((x, k) => {
    if (x === null || typeof x !== 'object') return undefined
    // funcs.go index/indexArg: a slice index past the end is an error, a missing map key the zero value.
    if (Array.isArray(x) && (typeof k !== 'number' || k < 0 || k >= x.length)) throw new CallError(`error calling index: index out of range: ${goString(k)}`)
    return (x as Record<string, unknown>)[String(k)]
  }, v),
  eq: (a, ...b) => b.some((x) => x === a),
  ne: (a, b) => a !== b,
  not: (a) => !truth(a),
  and: (...a) => a.find((x) => !truth(x)) ?? a.at(-1),
  or: (...a) => a.find((x) => truth(x)) ?? a.at(-1),
  print: (...a) => a.map(goString).join(''),
  println: (...a) => a.map(goString).join(' ') + '\n',
  printf: (f, ...a) => printf(String(f), a),
}

/** Field chains split once per template text, not once per row. */
const chains = new Map<string, string[]>()

/** What a run knows besides the data: the root (a Go struct when `type` is set: unknown fields are errors) and the source. */
interface Ctx { root: unknown; type?: string; src: string }

function field(dot: unknown, path: string, ctx: Ctx): unknown {
  let v = dot
  let keys = chains.get(path)
  if (!keys) {
    if (chains.size > 256) chains.clear()
    chains.set(path, (keys = path.split('.').filter(Boolean)))
  }
  if (ctx.type && dot === ctx.root && keys.length && !Object.hasOwn(dot as object, keys[0]!)) {
    // text/template on a struct: "can't evaluate field" with the action's line:column.
    throw new TemplateError(`template: :1:${ctx.src.indexOf(path)}: executing "" at <${path}>: can't evaluate field ${keys[0]} in type ${ctx.type}`)
  }
  for (const key of keys) {
    if (v === null || v === undefined) return undefined
    if (typeof v !== 'object' || Array.isArray(v)) throw new TemplateError(`template: :1: can't evaluate field ${key} in type ${typeof v === 'string' ? 'string' : 'interface {}'}`)
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function arg(w: string, dot: unknown, ctx: Ctx): unknown {
  if (w.startsWith('.')) return field(dot, w, ctx)
  if (w.startsWith('"')) return JSON.parse(w) as string
  if (w.startsWith('`')) return w.slice(1, -1)
  if (w === 'true' || w === 'false') return w === 'true'
  if (w === 'nil') return null
  if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w)
  throw new TemplateError(`template: :1: function "${w}" not defined`)
}

function pipeline(p: Cmd[], dot: unknown, ctx: Ctx): unknown {
  // The common case, one field ({{.ID}}): no argument list to build.
  if (p.length === 1 && p[0]!.length === 1 && p[0]![0]!.startsWith(".")) return field(dot, p[0]![0]!, ctx)
  let v: unknown
  p.forEach((c, i) => {
    const f = Object.hasOwn(FUNCS, c[0]!) ? FUNCS[c[0]!] : undefined
    const args = (f ? c.slice(1) : c).map((w) => arg(w, dot, ctx))
    if (i > 0) args.push(v)
    try {
      v = f ? f(...args) : args[0]
    } catch (e) {
      if (!(e instanceof CallError)) throw e
      const cmd = c.join(' ')
      throw new TemplateError(`template: :1:${ctx.src.indexOf(cmd)}: executing "" at <${cmd}>: ${e.message}`)
    }
  })
  return v
}

function exec(nodes: Node[], dot: unknown, ctx: Ctx): string {
  let s = ''
  for (const n of nodes) {
    if (n.k === 'text') s += n.s
    else if (n.k === 'out') s += goString(pipeline(n.p, dot, ctx))
    else {
      const v = pipeline(n.p, dot, ctx)
      if (n.k === 'range') {
        const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]) : []
        s += items.length ? items.map((x) => exec(n.body, x, ctx)).join('') : exec(n.alt, dot, ctx)
      } else if (truth(v)) s += exec(n.body, n.k === 'with' ? v : dot, ctx)
      else s += exec(n.alt, dot, ctx)
    }
  }
  return s
}

/**
 * Renders a parsed template against a document; throws TemplateError. With
 * `type` (the Go type docker/cli formats, e.g. "*formatter.ContainerContext")
 * the document is a struct: a field it lacks is an error, not <no value>.
 */
export function execTemplate(t: Node[], doc: unknown, type?: string, src = ''): string {
  return exec(t, doc, { root: doc, type, src })
}

/** Parses and renders in one go (as `docker inspect -f`); throws TemplateError. */
export function renderTemplate(fmt: string, doc: unknown): string {
  return exec(parseTemplate(fmt), doc, { root: doc, src: fmt })
}

/**
 * docker/cli formatter preFormat: a "table " prefix means a header row and
 * tab-separated cells; `\t` and `\n` written literally become tab and newline.
 */
export function preFormat(fmt: string): { table: boolean; body: string } {
  const table = fmt.startsWith('table')
  const body = (table ? fmt.slice(5) : fmt).replace(/^ +| +$/g, '').replace(/\\t/g, '\t').replace(/\\n/g, '\n')
  return { table, body }
}
