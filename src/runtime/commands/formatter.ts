// docker/cli's formatter (cli/command/formatter): the default table, `--format
// 'table {{.A}}\t{{.B}}'` (header row from the field names, tabwriter
// columns), a custom template (one line per object, no header), and `json`
// (each object as one JSON line, keys sorted, as Go marshals a map).
import { err, out, type Sys } from '../../libc/index.ts'
import { table } from '../format.ts'
import { execTemplate, parseTemplate, preFormat, TemplateError } from '../template.ts'

export type Row = Record<string, string>

/**
 * Prints rows (objects of placeholder → text) with the --format value (or
 * `dflt` when none); `headers` names each placeholder's column; `type` is
 * the Go type docker/cli runs the template on (unknown fields are errors). 0, or 1
 * after a template error (printed as docker prints it).
 */
export function* formatRows(rows: readonly Row[], format: string | undefined, dflt: string, headers: Row, type?: string): Sys<number> {
  const fmt = format === undefined || format === '' || format === 'table' ? dflt : format
  if (fmt === 'json') {
    yield* out(rows.map((r) => JSON.stringify(Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]))) + '\n').join(''))
    return 0
  }
  const { table: isTable, body } = preFormat(fmt)
  let t
  try {
    t = parseTemplate(body)
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e
    yield* err(`template parsing error: ${e.message}\n`)
    return 1
  }
  try {
    // Header: the template run over the column names (templates.HeaderFunctions leave them as they are).
    const lines = rows.map((r) => execTemplate(t, r, type, body))
    if (!isTable) {
      yield* out(lines.map((l) => l + '\n').join(''))
      return 0
    }
    const header = execTemplate(t, Object.fromEntries(Object.keys(headers).map((k) => [k, headers[k]!])))
    yield* out(table([header, ...lines].map((l) => l.split('\t'))))
    return 0
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e
    yield* err(`${e.message}\n`)
    return 1
  }
}
