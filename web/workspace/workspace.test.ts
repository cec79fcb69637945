import { describe, expect, it } from 'vitest'
import { CORRUPT_PREFIX, KEY, loadWorkspace, saveWorkspace } from './storage.ts'
import { emptyWorkspace, historyFor, logPrefixThroughCommand, parseWorkspace, serialiseWorkspace, unfinishedCommand, type Workspace } from './workspace.ts'

class MemStorage implements Storage {
  private m = new Map<string, string>()
  get length() { return this.m.size }
  clear() { this.m.clear() }
  getItem(k: string) { return this.m.get(k) ?? null }
  key(i: number) { return [...this.m.keys()][i] ?? null }
  removeItem(k: string) { this.m.delete(k) }
  setItem(k: string, v: string) { this.m.set(k, v) }
}

const ws: Workspace = {
  ...emptyWorkspace(7),
  log: [
    { kind: 'open', term: 1, cols: 80, rows: 24, atNs: 0 },
    { kind: 'line', term: 1, text: 'echo a', atNs: 10 },
    { kind: 'line', term: 1, text: 'while true; do :; done', atNs: 20 },
    { kind: 'signal', term: 1, signal: 'INT', atNs: 90 },
    { kind: 'line', term: 1, text: 'echo a', atNs: 100 },
    { kind: 'line', term: 1, text: 'ls', atNs: 110 },
  ],
}

describe('workspace parsing', () => {
  it('round-trips', () => {
    expect(parseWorkspace(serialiseWorkspace(ws))).toEqual({ ok: true, workspace: ws })
  })
  it.each([
    ['{', /^line 1, column 2: not valid JSON \(.+\), expected an isolab workspace file$/],
    ['{"format":"isolab-workspace",\n "seed": 1,\n garbage}', /^line 3, column 2: not valid JSON/],
    ['[]', /^the file: found an array \[\], expected a JSON object with "format": "isolab-workspace"$/],
    ['{"format":"x"}', /^format: found a string "x", expected "isolab-workspace"$/],
    [JSON.stringify({ ...ws, version: 9 }), /^version: found a number 9, expected 1 \(unsupported version\)$/],
    [JSON.stringify({ ...ws, seed: 'a' }), /^seed: found a string "a", expected an integer$/],
    [JSON.stringify({ ...ws, log: {} }), /^log: found an object \{\}, expected an array of input events$/],
    [JSON.stringify({ ...ws, log: [{ kind: 'line', term: 1, atNs: 0 }] }), /^log\[0\]\.text: found nothing, expected the typed line \(a string\)$/],
    [JSON.stringify({ ...ws, log: [ws.log[0], { kind: 'exec', term: 1, atNs: 0 }] }), /^log\[1\]\.kind: found a string "exec", expected "line", "signal", "keys" or "open"$/],
    [JSON.stringify({ ...ws, log: [{ kind: 'signal', term: 1, atNs: 0, signal: 'KILL' }] }), /^log\[0\]\.signal: found a string "KILL", expected "INT", "EOF" or "TSTP"$/],
    [JSON.stringify({ ...ws, log: [{ kind: 'open', term: 1, atNs: 0, cols: 80, rows: 0 }] }), /^log\[0\]\.rows: found a number 0, expected a row count/],
    [JSON.stringify({ ...ws, log: [{ kind: 'line', term: -1, atNs: 0, text: '' }] }), /^log\[0\]\.term: found a number -1, expected a terminal id/],
  ])('rejects %s saying where, what was found and what was expected', (text, why) => {
    const r = parseWorkspace(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toMatch(why)
  })
  it('derives readline history newest first without repeats', () => {
    expect(historyFor(ws, 1)).toEqual(['ls', 'echo a', 'while true; do :; done'])
  })
  it('cuts the log after a command and its signals', () => {
    expect(logPrefixThroughCommand(ws, 1).map((e) => e.atNs)).toEqual([0, 10, 20, 90])
    expect(logPrefixThroughCommand(ws, 0)).toHaveLength(2)
  })
  it('through command -1 keeps only what came before the first command (it used to return the whole log)', () => {
    expect(logPrefixThroughCommand(ws, -1).map((e) => e.kind)).toEqual(['open'])
  })
  it('names the command a dying machine was running: the latest started and unfinished one', () => {
    // Commands 0 and 1 finished on terminal 1; 2 (echo a) and 3 (ls) did not: ls, started last, is the culprit.
    expect(unfinishedCommand(ws.log, ws.log.length, () => 2)).toBe(5)
    expect(unfinishedCommand(ws.log, 5, () => 2)).toBe(4)
    expect(unfinishedCommand(ws.log, ws.log.length, () => 4)).toBeNull()
    // During a replay only the events fed so far count.
    expect(unfinishedCommand(ws.log, 3, () => 1)).toBe(2)
    expect(unfinishedCommand(ws.log, 1, () => 0)).toBeNull()
  })
  it('accepts a machine size and a VM console, and rejects a bad one saying where', () => {
    const ok = parseWorkspace(JSON.stringify({ ...ws, machine: { cpus: 4, memoryMiB: 2048 }, log: [{ kind: 'open', term: 1001, cols: 80, rows: 24, atNs: 0, vm: 'web1' }] }))
    expect(ok.ok).toBe(true)
    const bad = parseWorkspace(JSON.stringify({ ...ws, machine: { cpus: 0, memoryMiB: 2048 } }))
    expect(bad).toEqual({ ok: false, reason: 'machine.cpus: found a number 0, expected an integer from 1 to 64' })
  })
})

describe('workspace storage', () => {
  it('saves and loads', () => {
    const s = new MemStorage()
    expect(loadWorkspace(s)).toEqual({ kind: 'none' })
    expect(saveWorkspace(s, ws)).toBeNull()
    expect(loadWorkspace(s)).toEqual({ kind: 'ok', workspace: ws })
  })
  it('sets a corrupted workspace aside instead of losing it', () => {
    const s = new MemStorage()
    s.setItem(KEY, '{"format":"isolab-workspace", garbage')
    const r = loadWorkspace(s, Date.UTC(2026, 0, 2))
    expect(r.kind).toBe('corrupt')
    if (r.kind !== 'corrupt') return
    expect(r.keptAs).toBe(CORRUPT_PREFIX + '2026-01-02T00:00:00.000Z')
    expect(s.getItem(r.keptAs)).toBe('{"format":"isolab-workspace", garbage')
    expect(s.getItem(KEY)).toBeNull()
  })
})
