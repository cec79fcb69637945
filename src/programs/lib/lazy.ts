// Code that loads on first use: rarely run programs (strace, the exploit
// modules, density...) and the regex engine are chunks of their own in the web
// build, so the page's first prompt does not wait for them. A program that needs
// such code before it has arrived waits for it, as a first exec waits for the
// binary's pages to be read from disk: it sleeps in steps of virtual time while
// the worker's event loop fetches the chunk.
// Node (the CLI, tests, benchmarks) and the web worker before anything that must
// replay exactly (a lab, a replay, `isolab compare`) call loadAllCode() first:
// nothing waits there, so a run stays the same byte for byte.
import type { Program, ProgramMain } from '../../../kernel-sim/abi/index.ts'
import { err, nanosleep, type Sys } from '../../libc/index.ts'
import type { ProgramInfo, StdoutAtExit } from './types.ts'

/** One wait step: short, so a chunk that is already cached costs next to nothing. */
const STEP_NS = 1_000_000
/**
 * Gives up after this much virtual time. In a run that cannot yield to the event
 * loop (a script run to completion at once) the chunk can never arrive: the
 * program then fails with a message instead of sleeping forever.
 */
const LIMIT_NS = 30_000_000_000

const everything: LazyCode<unknown>[] = []

export class LazyCode<T> {
  private value: T | undefined
  private loading: Promise<T> | undefined
  /** Why the last download failed; cleared when the next one starts. */
  private failure: string | undefined

  constructor(private readonly importer: () => Promise<T>) {
    everything.push(this)
  }

  /** Starts the download (once; again after a failure) and resolves with the code. */
  load(): Promise<T> {
    if (!this.loading) {
      this.failure = undefined
      this.loading = this.importer().then(
        (v) => (this.value = v),
        (e: unknown) => {
          this.loading = undefined
          this.failure = e instanceof Error ? e.message : String(e)
          throw e
        },
      )
    }
    return this.loading
  }

  /** The code once it is loaded; if it is not, waits for it. A string says why it did not arrive (the next use tries again). */
  *get(): Sys<T | string> {
    if (this.value === undefined) this.load().catch(() => {}) // the reason is kept in this.failure
    for (let waited = 0; this.value === undefined; waited += STEP_NS) {
      if (this.failure !== undefined) return this.failure
      if (waited >= LIMIT_NS) return 'not loaded within 30 s'
      yield* nanosleep(STEP_NS)
    }
    return this.value
  }

  /** The code, for a caller that has awaited get() in the same program. */
  get loaded(): T {
    if (this.value === undefined) throw new Error('isolab: lazily loaded code used before get()')
    return this.value
  }
}

/** Loads every chunk that is loaded on demand. */
export async function loadAllCode(): Promise<void> {
  await Promise.all(everything.map((c) => c.load()))
}

/**
 * A program whose code loads on first use; its name, path, description and stdout convention
 * (lib/closeout.ts) are known at once (help, PATH, /usr/bin).
 */
export function lazyProgram(name: string, path: string, description: string, importer: () => Promise<ProgramMain>, stdoutAtExit?: StdoutAtExit): ProgramInfo {
  const code = new LazyCode(importer)
  function* main(argv: readonly string[], envp: readonly string[]): Program {
    const m = yield* code.get()
    if (typeof m === 'string') {
      yield* err(`${argv[0] ?? name}: cannot load the program's code: ${m}\n`)
      return 126 // as bash's "cannot execute"
    }
    return yield* m(argv, envp)
  }
  return { name, path, description, main, stdoutAtExit }
}
