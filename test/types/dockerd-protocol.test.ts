// The typed dockerd protocol (src/runtime/api.ts) at work: each
// `@ts-expect-error` below is a mistake between the docker CLI and dockerd
// that must not compile. `npm run typecheck` fails if one of them starts
// compiling (an unused directive is an error), so the checks cannot silently
// stop working; the runtime assertions only keep vitest from reporting an empty file.
import { describe, expect, it } from 'vitest'
import type { Handlers } from '../../src/runtime/ops/types.ts'
import type { OpName, Reply, Request } from '../../src/runtime/api.ts'

describe('typed dockerd protocol: a request, a handler and a reply that disagree do not compile', () => {
  it('requests carry exactly their fields, with their types', () => {
    const good: Request<'container.kill'> = { op: 'container.kill', ref: 'web', sig: 9 }
    // @ts-expect-error the signal is a number (docker kill -s KILL is resolved by the CLI)
    const badType: Request<'container.kill'> = { op: 'container.kill', ref: 'web', sig: 'KILL' }
    // @ts-expect-error docker stop carries no force flag
    const extra: Request<'container.stop'> = { op: 'container.stop', ref: 'web', force: true }
    // @ts-expect-error an operation dockerd does not know
    const unknown: Request<'container.frobnicate'> = { op: 'container.frobnicate' }
    expect([good, badType, extra, unknown].length).toBe(4)
  })

  it("a reply's fields are readable only after checking it is the ok reply", () => {
    const r = { t: 'error', error: 'No such container: web' } as Reply<'container.top'>
    // @ts-expect-error an error reply has no pids
    expect(r.pids).toBeUndefined()
    if (r.t === 'ok') expect(r.pids.length).toBeGreaterThan(0)
    // @ts-expect-error the ok reply of docker top is the pid list, not a document
    const wrong: Reply<'container.top'> = { t: 'ok', json: {} }
    expect(wrong.t).toBe('ok')
  })

  it('the dispatch table has one handler per request, answering with that request\'s reply', () => {
    const one: Handlers<'container.top'> = {
      *'container.top'(_d, m, reply) {
        // @ts-expect-error docker top's request has no spec
        void m.spec
        // @ts-expect-error an inspect document is not docker top's reply
        yield* reply({ t: 'ok', json: {} })
        yield* reply({ t: 'ok', pids: [1] })
      },
    }
    // @ts-expect-error a table over every operation that handles only one of them
    const all: Handlers<OpName> = { ...one }
    expect(Object.keys(all)).toEqual(['container.top'])
  })
})
