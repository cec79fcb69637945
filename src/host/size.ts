// "8G", "512M", "1.5GiB", "4096" -> bytes. Binary multiples, like docker --memory.
const UNITS: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }

export function parseSize(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?$/i.exec(s.trim())
  if (!m) return undefined
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!)
  return Number.isSafeInteger(bytes) ? bytes : undefined
}
