// Redirections. In a child about to exec they are permanent (close-then-open on
// the fd table). For builtins and compound commands run by the shell itself
// they are undone afterwards: bash first opens the target, then saves the fd it
// replaces to an fd >= 10 with F_DUPFD_CLOEXEC, and restores it with dup2.
import { ParseError } from './lexer.ts'
import type { Redir } from './ast.ts'
import type { Shell } from './shell.ts'
import { expandString, expandWord, ExpandError } from './expand.ts'
import { close, dup2, fcntl, open, pipe2, write, type Sys } from '../libc/index.ts'
import { F_DUPFD_CLOEXEC, F_GETFD, O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY, strerror, E } from '../../kernel-sim/abi/index.ts'
import { err } from '../libc/index.ts'

/** How to put back one fd: dup2(saved, fd) then close(saved), or close(fd). */
export type Undo = { fd: number; saved: number | null }

const SHELL_FD_BASE = 10

/** Applies redirections; null on failure (message printed). */
export function* applyRedirs(sh: Shell, redirs: readonly Redir[], save: boolean): Sys<Undo[] | null> {
  const undo: Undo[] = []
  for (const r of redirs) {
    const ok = yield* applyOne(sh, r, save ? undo : null)
    if (!ok) {
      yield* undoRedirs(undo)
      return null
    }
  }
  return undo
}

export function* undoRedirs(undo: readonly Undo[]): Sys<void> {
  for (let i = undo.length - 1; i >= 0; i--) {
    const u = undo[i]!
    if (u.saved === null) yield* close(u.fd)
    else {
      yield* dup2(u.saved, u.fd)
      yield* close(u.saved)
    }
  }
}

function* fail(sh: Shell, what: string, errno: number): Sys<false> {
  yield* err(`${sh.prefix()}${what}: ${strerror(errno)}\n`)
  return false
}

/** Remembers how to restore `fd` before it is replaced (once per fd). */
function* saveFd(sh: Shell, fd: number, undo: Undo[] | null): Sys<boolean> {
  if (!undo || undo.some((u) => u.fd === fd)) return true
  if ((yield* fcntl(fd, F_GETFD)) < 0) {
    undo.push({ fd, saved: null })
    return true
  }
  const saved = yield* fcntl(fd, F_DUPFD_CLOEXEC, SHELL_FD_BASE)
  if (saved < 0) {
    yield* err(`${sh.prefix()}redirection error: cannot duplicate fd: ${strerror(-saved)}\n`)
    return false
  }
  undo.push({ fd, saved })
  return true
}

/**
 * A redirection in the shell itself (`exec 0</dev/null`) is about to replace the fd the
 * shell reads its script from: keep reading the script from a copy, as bash's
 * check_bash_input does (fcntl F_DUPFD >= 10, close-on-exec).
 */
function* moveInput(sh: Shell): Sys<boolean> {
  const fd = yield* fcntl(sh.inputFd, F_DUPFD_CLOEXEC, SHELL_FD_BASE)
  if (fd < 0) {
    yield* err(`${sh.prefix()}redirection error: cannot duplicate fd: ${strerror(-fd)}\n`)
    return false
  }
  sh.inputFd = fd
  return true
}

/** Makes `fd` refer to what `src` refers to, closing `src` (open-then-move). */
function* moveFd(sh: Shell, src: number, fd: number, undo: Undo[] | null): Sys<boolean> {
  if (src === fd) {
    if (undo && !undo.some((u) => u.fd === fd)) undo.push({ fd, saved: null })
    return true
  }
  if (!(yield* saveFd(sh, fd, undo))) {
    yield* close(src)
    return false
  }
  const r = yield* dup2(src, fd)
  yield* close(src)
  if (r < 0) return yield* fail(sh, String(fd), -r)
  return true
}

function* target(sh: Shell, raw: string): Sys<string | null> {
  try {
    const f = yield* expandWord(sh, raw)
    if (f.length !== 1) {
      yield* err(`${sh.prefix()}${raw}: ambiguous redirect\n`)
      return null
    }
    return f[0]!
  } catch (e) {
    if (e instanceof ExpandError) {
      yield* err(`${sh.prefix()}${e.message}\n`)
      return null
    }
    throw e
  }
}

function* applyOne(sh: Shell, r: Redir, undo: Undo[] | null): Sys<boolean> {
  const input = r.op === '<' || r.op === '<>' || r.op === '<&' || r.op.startsWith('<<')
  const fd = r.fd ?? (input ? 0 : 1)
  if (fd === sh.inputFd && !(yield* moveInput(sh))) return false
  if (r.op === '<<' || r.op === '<<-' || r.op === '<<<') {
    let body: string
    try {
      if (r.op === '<<<') body = (yield* expandString(sh, r.target)) + '\n'
      else body = r.heredoc!.quoted ? r.heredoc!.body : yield* expandString(sh, r.heredoc!.body, 'heredoc')
    } catch (e) {
      // "bad substitution", "division by 0" ... in the document: the command does not run (status 1)
      if (!(e instanceof ExpandError || e instanceof ParseError)) throw e
      yield* err(`${sh.prefix()}${e.message}\n`)
      return false
    }
    // SIMPLIFICATION: bash uses a temp file (or a pipe for small documents); we
    // always use a pipe, so a document larger than the pipe capacity would block.
    const p = yield* pipe2()
    if (typeof p === 'number') return yield* fail(sh, 'cannot create temp file for here-document', -p)
    yield* write(p[1], body)
    yield* close(p[1])
    return yield* moveFd(sh, p[0], fd, undo)
  }
  const t = yield* target(sh, r.target)
  if (t === null) return false
  if (r.op === '<&' || r.op === '>&') {
    if (t === '-') {
      if (!(yield* saveFd(sh, fd, undo))) return false
      yield* close(fd)
      return true
    }
    if (/^\d+$/.test(t)) {
      const src = Number(t)
      if (src === fd) return true
      if ((yield* fcntl(src, F_GETFD)) < 0) return yield* fail(sh, t, E.EBADF)
      if (!(yield* saveFd(sh, fd, undo))) return false
      const res = yield* dup2(src, fd)
      if (res < 0) return yield* fail(sh, String(fd), -res)
      return true
    }
    if (r.op === '<&' || r.fd !== null) {
      yield* err(`${sh.prefix()}${t}: ambiguous redirect\n`)
      return false
    }
    // `>&file` is `&>file`
    return yield* openTo(sh, t, O_WRONLY | O_CREAT | O_TRUNC, [1, 2], undo)
  }
  switch (r.op) {
    case '<': return yield* openTo(sh, t, O_RDONLY, [fd], undo)
    case '<>': return yield* openTo(sh, t, O_RDWR | O_CREAT, [fd], undo)
    case '>':
    case '>|': return yield* openTo(sh, t, O_WRONLY | O_CREAT | O_TRUNC, [fd], undo)
    case '>>': return yield* openTo(sh, t, O_WRONLY | O_CREAT | O_APPEND, [fd], undo)
    case '&>': return yield* openTo(sh, t, O_WRONLY | O_CREAT | O_TRUNC, [1, 2], undo)
    case '&>>': return yield* openTo(sh, t, O_WRONLY | O_CREAT | O_APPEND, [1, 2], undo)
  }
  return false
}

function* openTo(sh: Shell, path: string, flags: number, fds: number[], undo: Undo[] | null): Sys<boolean> {
  const f = yield* open(path, flags, 0o666)
  if (f < 0) return yield* fail(sh, path, -f)
  if (fds.length === 2) {
    if (!(yield* saveFd(sh, fds[1]!, undo))) return false
    const r = yield* dup2(f, fds[1]!)
    if (r < 0 && f !== fds[1]) return yield* fail(sh, String(fds[1]), -r)
  }
  return yield* moveFd(sh, f, fds[0]!, undo)
}
