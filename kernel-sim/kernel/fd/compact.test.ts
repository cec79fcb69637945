// Record-less sockets held as one number in the open-file table (fd/compact.ts):
// the same open files as objects would be, as every view sees them: file-nr,
// /proc/PID/fd (socket(7): "socket:[inode]"), dup(2) and fork(2) sharing the open
// file description, close(2) freeing the ephemeral port, the memory cgroup's charge.
import { describe, expect, it } from 'vitest'
import { AF_INET, AF_UNIX, SOCK_NONBLOCK, SOCK_STREAM, type Kpid } from '../../abi/index.ts'
import { harness, type Harness } from '../../testing/harness.ts'
import { fdGet } from './fd-table.ts'
import { SOCKET_INO_BASE } from './files.ts'
import { destKey, ephemeralUsed } from '../net/ephemeral.ts'
import { INIT_NS } from '../boot.ts'

const inet = (addr: string, port: number) => ({ family: 'inet', addr, port })
const fileOf = (h: Harness, p: Kpid, fd: number) => fdGet(h.k, h.k.task(p)!, fd)!
const held = (h: Harness, p: Kpid, fd: number) => h.k.s.files.get(fileOf(h, p, fd))
const fileNr = (h: Harness, p: Kpid) => Number(String(h.call(p, 'read', h.open(p, '/proc/sys/fs/file-nr'), 100)).split('\t')[0])

describe('record-less sockets as one number (fd/compact.ts)', () => {
  it('socket(2) and a connect(2) to a remote server keep a number, read back as the OpenFile it stands for', () => {
    const h = harness()
    const p = h.spawn()
    const s = h.call(p, 'socket', AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0) as number
    const id = fileOf(h, p, s)
    expect(typeof held(h, p, s)).toBe('number')
    expect(h.k.file(id)).toMatchObject({ id, refs: 1, kind: 'socket', obj: -AF_INET, path: '', pos: 0 })
    expect(h.call(p, 'connect', s, inet('203.0.113.7', 443))).toBe(0)
    expect(typeof held(h, p, s)).toBe('number')
    const f = h.k.file(id)!
    expect(f).toMatchObject({ id, refs: 1, kind: 'socket', obj: -32768, path: destKey(INIT_NS.net, '203.0.113.7', 443) })
    expect(f.flags & 0o4000).toBe(0o4000) // O_NONBLOCK from SOCK_NONBLOCK
    expect(f.memcg).toBe(h.k.task(p)!.cgroup)
    expect(h.call(p, 'readlink', `/proc/self/fd/${s}`)).toBe(`socket:[${SOCKET_INO_BASE + id}]`)
    expect(h.k.s.counters.remoteConns).toBe(1)
  })

  it('an AF_UNIX socket keeps its domain; the first call that needs the record (getsockname) makes the file an object', () => {
    const h = harness()
    const p = h.spawn()
    const u = h.call(p, 'socket', AF_UNIX, SOCK_STREAM, 0) as number
    expect(h.k.file(fileOf(h, p, u))).toMatchObject({ obj: -AF_UNIX })
    const c = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(p, 'connect', c, inet('192.0.2.1', 80))
    expect(h.call(p, 'getsockname', c)).toEqual(inet('10.0.2.15', 32768))
    expect(typeof held(h, p, c)).toBe('object')
    expect(h.k.file(fileOf(h, p, c))!.obj).toBeGreaterThanOrEqual(0) // its socket record
  })

  it('dup(2) and fork(2) share the open file (refs 2, now an object); the last close frees the port and the file', () => {
    const h = harness()
    const p = h.spawn()
    const before = fileNr(h, p)
    const s = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(p, 'connect', s, inet('203.0.113.1', 80))
    const id = fileOf(h, p, s)
    const d = h.call(p, 'dup', s) as number
    expect(fileOf(h, p, d)).toBe(id)
    expect(h.k.file(id)).toMatchObject({ refs: 2, obj: -32768 })
    const child = h.fork(p)
    expect(h.k.file(id)!.refs).toBe(4)
    h.call(child, 'exit', 0)
    h.settle()
    h.call(p, 'close', s)
    expect(ephemeralUsed(h.k, INIT_NS.net, '203.0.113.1', 80)).toBe(1)
    h.call(p, 'close', d)
    expect(ephemeralUsed(h.k, INIT_NS.net, '203.0.113.1', 80)).toBe(0)
    expect(h.k.file(id)).toBeUndefined()
    expect(fileNr(h, p)).toBe(before + 1) // the file-nr reader's own open file
  })

  it('closing a number-held connection frees its port for the next one, and uncharges its memory', () => {
    const h = harness()
    const p = h.spawn()
    const cg = () => h.k.s.cgroups.rows.get(h.k.task(p)!.cgroup)!.memCurrent
    const m0 = cg()
    const s = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(p, 'connect', s, inet('203.0.113.2', 80))
    expect(cg()).toBeGreaterThan(m0)
    h.call(p, 'close', s)
    expect(cg()).toBe(m0)
    const t = h.call(p, 'socket', AF_INET, SOCK_STREAM, 0) as number
    h.call(p, 'connect', t, inet('203.0.113.2', 80))
    expect(h.k.file(fileOf(h, p, t))!.obj).toBe(-32768) // the lowest free port again
    expect(h.k.s.counters.remoteConns).toBe(1)
  })
})
