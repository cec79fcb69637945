// Names in the order a JS object lists its keys (array-index names ascending,
// then the others as inserted): directories and cgroups keep their names in
// Maps (a native copy per tick), and list them as they always have, so that
// listings stay the same bytes.

const isIndexName = (n: string) => /^(?:0|[1-9]\d{0,9})$/.test(n) && Number(n) < 2 ** 32 - 1

export function objectKeyOrder(names: Iterable<string>): string[] {
  const ints: string[] = [], rest: string[] = []
  for (const n of names) (isIndexName(n) ? ints : rest).push(n)
  return ints.length ? [...ints.sort((a, b) => Number(a) - Number(b)), ...rest] : rest
}
