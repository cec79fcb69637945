// The text comparisons every text-valued check shares (equals, contains,
// matches, at_least, ...): all given must hold. The failure says what was found.
import type { TextMatch } from './schema.ts'

const KEYS = ['equals', 'contains', 'not_contains', 'matches', 'not_matches', 'at_least', 'at_most'] as const

export function hasTextMatch(m: TextMatch): boolean {
  return KEYS.some((k) => m[k] !== undefined)
}

/** undefined when every comparison holds, else why not. */
export function textMismatch(text: string, m: TextMatch): string | undefined {
  const t = text.trim()
  if (m.equals !== undefined && t !== String(m.equals)) return `is ${quote(t)}, expected ${quote(String(m.equals))}`
  if (m.contains !== undefined && !text.includes(m.contains)) return `${quote(t)} does not contain ${quote(m.contains)}`
  if (m.not_contains !== undefined && text.includes(m.not_contains)) return `${quote(t)} contains ${quote(m.not_contains)}`
  if (m.matches !== undefined && !new RegExp(m.matches, 'm').test(text)) return `${quote(t)} does not match /${m.matches}/`
  if (m.not_matches !== undefined && new RegExp(m.not_matches, 'm').test(text)) return `${quote(t)} matches /${m.not_matches}/`
  if (m.at_least !== undefined || m.at_most !== undefined) {
    const n = Number(t)
    if (t === '' || !Number.isFinite(n)) return `${quote(t)} is not a number`
    if (m.at_least !== undefined && n < m.at_least) return `is ${n}, expected at least ${m.at_least}`
    if (m.at_most !== undefined && n > m.at_most) return `is ${n}, expected at most ${m.at_most}`
  }
  return undefined
}

/** "equals 10, contains x" for a check's description. */
export function describeTextMatch(m: TextMatch): string {
  const parts: string[] = []
  if (m.equals !== undefined) parts.push(`is ${quote(String(m.equals))}`)
  if (m.contains !== undefined) parts.push(`contains ${quote(m.contains)}`)
  if (m.not_contains !== undefined) parts.push(`does not contain ${quote(m.not_contains)}`)
  if (m.matches !== undefined) parts.push(`matches /${m.matches}/`)
  if (m.not_matches !== undefined) parts.push(`does not match /${m.not_matches}/`)
  if (m.at_least !== undefined) parts.push(`>= ${m.at_least}`)
  if (m.at_most !== undefined) parts.push(`<= ${m.at_most}`)
  return parts.join(', ')
}

function quote(s: string): string {
  const one = s.length > 60 ? s.slice(0, 60) + '…' : s
  return JSON.stringify(one)
}
