// printf(3)-style formatting for awk's printf/sprintf (and number output via
// CONVFMT/OFMT "%.6g"): %d %i %o %x %X %u %c %s %e %f %g %% with flags,
// width and precision (* takes an argument).

/** %g: shortest of %e/%f at `prec` significant digits, trailing zeros dropped unless `alt`. */
export function formatG(n: number, prec: number, alt = false, upper = false): string {
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan'
  const p = prec === 0 ? 1 : prec
  if (n === 0) return alt ? (0).toFixed(p - 1) : '0'
  const exp = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(p)))))
  let s: string
  if (exp < -4 || exp >= p) {
    s = formatE(n, p - 1, upper)
    if (!alt) s = s.replace(/\.?0+(e|E)/, '$1')
  } else {
    s = n.toFixed(Math.max(0, p - 1 - exp))
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '')
  }
  return s
}

export function formatE(n: number, prec: number, upper = false): string {
  const s = n.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2')
  return upper ? s.toUpperCase() : s
}

export type PrintfArg = { num: () => number; str: () => string }

/** Formats `fmt` consuming `args` in order; missing arguments count as "" / 0. */
export function sprintf(fmt: string, args: readonly PrintfArg[]): string {
  let out = ''
  let ai = 0
  const next = (): PrintfArg => args[ai++] ?? { num: () => 0, str: () => '' }
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!
    if (c !== '%') {
      out += c
      continue
    }
    const m = /^([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcseEfFgG%])/.exec(fmt.slice(i + 1))
    if (!m) {
      out += c
      continue
    }
    i += m[0].length
    const flags = m[1]!
    const conv = m[4]!
    if (conv === '%') {
      out += '%'
      continue
    }
    let width = m[2] === '*' ? next().num() : Number(m[2] ?? 0)
    let left = flags.includes('-')
    if (width < 0) {
      left = true
      width = -width
    }
    const precRaw = m[3] === '*' ? String(next().num()) : m[3]
    const prec = precRaw === undefined ? undefined : Number(precRaw || 0)
    const arg = next()
    let s: string
    let numeric = true
    const sign = (v: number, body: string) => (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body
    switch (conv) {
      case 'd': case 'i': {
        const v = Math.trunc(arg.num())
        let body = String(Math.abs(v))
        if (prec !== undefined) body = body.padStart(prec, '0')
        s = sign(v, body)
        break
      }
      case 'o': case 'x': case 'X': case 'u': {
        const v = Math.trunc(arg.num())
        const u = v < 0 ? 2 ** 64 + v : v
        s = u.toString(conv === 'o' ? 8 : conv === 'u' ? 10 : 16)
        if (conv === 'X') s = s.toUpperCase()
        if (prec !== undefined) s = s.padStart(prec, '0')
        break
      }
      case 'c': {
        numeric = false
        const a = arg.str()
        const v = arg.num()
        s = /^-?\d/.test(a) && String(v) === a ? String.fromCharCode(v) : a.slice(0, 1)
        break
      }
      case 's':
        numeric = false
        s = arg.str()
        if (prec !== undefined) s = s.slice(0, prec)
        break
      case 'e': case 'E': {
        const v = arg.num()
        s = sign(v, formatE(Math.abs(v), prec ?? 6, conv === 'E'))
        break
      }
      case 'f': case 'F': {
        const v = arg.num()
        s = sign(v, Math.abs(v).toFixed(prec ?? 6))
        break
      }
      default: {
        const v = arg.num()
        s = sign(v, formatG(Math.abs(v), prec ?? 6, flags.includes('#'), conv === 'G'))
      }
    }
    if (s.length < width) {
      if (left) s = s.padEnd(width)
      else if (numeric && flags.includes('0') && (prec === undefined || 'eEfFgG'.includes(conv))) {
        const sg = /^[-+ ]/.test(s) ? s[0]! : ''
        s = sg + s.slice(sg.length).padStart(width - sg.length, '0')
      } else s = s.padStart(width)
    }
    out += s
  }
  return out
}
