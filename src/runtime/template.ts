// The part of Go's text/template that `docker inspect -f` is used with:
// `{{.State.OOMKilled}}`, `{{.State.ExitCode}}`, `{{json .HostConfig}}`, text
// around actions. Values print as Go prints them (true/false, numbers, <nil>).
// SIMPLIFICATION: no pipelines, conditionals, range or functions besides json.

function lookup(doc: unknown, path: string): unknown {
  let v: unknown = doc
  for (const key of path.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function goString(v: unknown): string {
  if (v === undefined) return '<no value>'
  if (v === null) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`
  if (typeof v === 'object') return `map[${Object.entries(v as object).map(([k, x]) => `${k}:${goString(x)}`).join(' ')}]`
  return String(v)
}

export function renderTemplate(fmt: string, doc: unknown): string {
  return fmt.replace(/\{\{\s*(json\s+)?\.([\w.]*)\s*\}\}/g, (_m, json: string | undefined, path: string) => {
    const v = lookup(doc, path)
    return json ? JSON.stringify(v ?? null) : goString(v)
  })
}
