// read [-r] [-p prompt] [-u fd] [-s] [-n N] [-d delim] [-a] [name ...]
import type { Shell } from '../shell.ts'
import { err, read, type Sys } from '../../libc/index.ts'
import { E } from '../../../kernel-sim/abi/index.ts'
import { isatty } from '../tty.ts'
import { fail, isName } from './util.ts'
import { hold, setVar } from '../memory.ts'

export function* readB(sh: Shell, argv: string[]): Sys<number> {
  let raw = false
  let prompt: string | null = null
  let fd = 0
  let nchars = -1
  let delim = '\n'
  const names: string[] = []
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k]!
    if (a === '-r') raw = true
    else if (a === '-s') continue
    else if (a === '-p') prompt = argv[++k] ?? ''
    else if (a === '-u') fd = Number(argv[++k])
    else if (a === '-n' || a === '-N') nchars = Number(argv[++k])
    else if (a === '-d') delim = (argv[++k] ?? '')[0] ?? '\0'
    else if (a === '-t') k++
    else if (/^-/.test(a) && a !== '-' ) return yield* fail(sh, `${a}: invalid option`, 2)
    else names.push(a)
  }
  for (const n of names) if (!isName(n)) return yield* fail(sh, `\`${n}': not a valid identifier`)
  if (prompt !== null && (yield* isatty(fd))) yield* err(prompt)
  // One byte at a time, as bash reads pipes: what follows the line stays unread.
  // The line grows on the heap (bash's xrealloc of input_string); it is kept
  // in blocks, as a string grown a character at a time costs the simulator
  // far more than its length.
  const blocks: string[] = []
  let block = ''
  let size = 0
  let charged = 0
  const line = () => (blocks.length ? blocks.join('') + block : block)
  let eof = false
  for (;;) {
    if (nchars >= 0 && size >= nchars) break
    const r = yield* read(fd, 1)
    if (typeof r === 'number') {
      if (r === -E.EINTR) continue
      if (r === -E.EBADF) return yield* fail(sh, `${fd}: invalid file descriptor: Bad file descriptor`)
      eof = true
      break
    }
    if (r === '') {
      eof = true
      break
    }
    for (const c of r) {
      if (c === delim) {
        if (!raw && delim === '\n' && (block || blocks[blocks.length - 1] || '').endsWith('\\')) {
          if (block === '') block = blocks.pop()!
          block = block.slice(0, -1)
          size--
          continue
        }
        yield* assign(sh, names, line(), raw)
        return 0
      }
      block += c
      size++
      if (block.length >= 4096) {
        blocks.push(block)
        block = ''
      }
    }
    if (size - charged >= 65536) {
      yield* hold(sh, size - charged, size + 1)
      charged = size
    }
  }
  yield* assign(sh, names, line(), raw)
  return eof ? 1 : 0
}

/** Sets REPLY or the named variables; each value is charged as an assignment's (setVar). */
function* assign(sh: Shell, names: string[], line: string, raw: boolean): Sys<void> {
  if (names.length === 0) {
    yield* setVar(sh, 'REPLY', raw ? line : line.replace(/\\(.)/g, '$1'))
    return
  }
  const ifs = sh.get('IFS') ?? ' \t\n'
  const ws = [...ifs].filter((c) => ' \t\n'.includes(c)).join('')
  const isIfs = (c: string) => ifs.includes(c)
  let rest = line
  const trimWs = (s: string) => {
    let a = 0
    while (a < s.length && ws.includes(s[a]!)) a++
    return s.slice(a)
  }
  rest = trimWs(rest)
  for (let k = 0; k < names.length; k++) {
    if (k === names.length - 1) {
      let b = rest.length
      while (b > 0 && ws.includes(rest[b - 1]!)) b--
      const v = rest.slice(0, b)
      yield* setVar(sh, names[k]!, raw ? v : v.replace(/\\(.)/g, '$1'))
      break
    }
    let e = 0
    while (e < rest.length && !(isIfs(rest[e]!) && (raw || rest[e - 1] !== '\\'))) e++
    const v = rest.slice(0, e)
    yield* setVar(sh, names[k]!, raw ? v : v.replace(/\\(.)/g, '$1'))
    rest = rest.slice(e)
    rest = trimWs(rest)
    if (rest && isIfs(rest[0]!) && !ws.includes(rest[0]!)) rest = trimWs(rest.slice(1))
  }
}
