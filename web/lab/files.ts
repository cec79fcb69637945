// The labs and scenarios shipped with the site (scenarios/**/*.yaml), fetched
// only when asked for: the catalogue, or a ?lab= / ?scenario= deep link.
const FILES = import.meta.glob('../../scenarios/**/*.yaml', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>

export interface Shipped { id: string; file: string; load(): Promise<string> }

/** Every shipped file, by id (its base name). */
export const SHIPPED: Shipped[] = Object.entries(FILES)
  .map(([path, load]) => ({ id: path.replace(/^.*\//, '').replace(/\.yaml$/, ''), file: path.replace(/^(\.\.\/)+/, ''), load }))

export function shipped(id: string): Shipped | undefined {
  return SHIPPED.find((s) => s.id === id)
}
