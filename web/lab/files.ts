// The labs and scenarios shipped with the site (scenarios/**/*.yaml), fetched
// only when asked for: the catalogue, or a ?lab= / ?scenario= deep link.
// As plain assets fetched on demand (not JavaScript chunks): they are data, and they stay out of the JS budget.
const URLS = import.meta.glob('../../scenarios/**/*.yaml', { query: '?url', import: 'default', eager: true }) as Record<string, string>
const FILES: Record<string, () => Promise<string>> = Object.fromEntries(Object.entries(URLS).map(([path, url]) => [path, async () => {
  const r = await fetch(url)
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`)
  return r.text()
}]))

export interface Shipped { id: string; file: string; /** Its key in this folder's import.meta.glob. */ path: string; load(): Promise<string> }

/** Every shipped file, by id (its base name). */
export const SHIPPED: Shipped[] = Object.entries(FILES)
  .map(([path, load]) => ({ id: path.replace(/^.*\//, '').replace(/\.yaml$/, ''), file: path.replace(/^(\.\.\/)+/, ''), path, load }))

export function shipped(id: string): Shipped | undefined {
  return SHIPPED.find((s) => s.id === id)
}
