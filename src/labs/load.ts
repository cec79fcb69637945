// Lab files: YAML text → a validated Lab, or errors that each name FILE:LINE:COL,
// what was found and what was expected. The `yaml` package keeps every node's
// source range (Document + LineCounter), so each error points at its line and
// column; validate.ts checks the data. No file reading: the caller passes the
// text (Node reads it, the web fetches it).
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml'
import { validateLab, type LabError, type LoadResult, type Path } from './validate.ts'

export { formatError, type LoadResult } from './validate.ts'

/** Parses and validates one lab file. `file` names it in errors; the id must match its base name. */
export function loadLab(text: string, file: string): LoadResult {
  const lc = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number, message: string): LabError => {
    const p = lc.linePos(offset)
    return { file, line: p.line, col: p.col, message }
  }
  if (doc.errors.length) {
    return { ok: false, errors: doc.errors.map((e) => at(e.pos[0], `YAML syntax error: ${e.message.split('\n')[0]}`)) }
  }
  let data: unknown
  try {
    data = doc.toJS() // throws on an alias without its anchor, or on too many aliases (billion laughs)
  } catch (e) {
    const msg = (e as Error).message
    let offset = 0
    visit(doc, { Alias: (_k, n) => { if (msg.endsWith(`: ${n.source}`)) { offset = n.range?.[0] ?? 0; return visit.BREAK } } })
    return { ok: false, errors: [at(offset, `YAML error: ${msg}`)] }
  }
  return validateLab(data, file, (path, key = false) => at(offsetOf(doc, path, key), ''))
}

/** Source offset of the node at `path` (or of its key), falling back to the nearest existing ancestor. */
function offsetOf(doc: Document, path: Path, key: boolean): number {
  for (let n = path.length; n >= 0; n--) {
    const p = path.slice(0, n)
    if (key && n === path.length && n > 0) {
      const parent = p.length > 1 ? doc.getIn(p.slice(0, -1), true) : doc.contents
      if (isMap(parent)) {
        const pair = parent.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === p.at(-1))
        const k = pair?.key as Node | undefined
        if (k?.range) return k.range[0]
      }
      continue
    }
    const node = (p.length ? doc.getIn(p, true) : doc.contents) as Node | null | undefined
    if (node && (isMap(node) || isSeq(node) || isScalar(node)) && node.range) return node.range[0]
  }
  return 0
}
