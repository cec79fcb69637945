// The interpreter's state: variables, functions, positional parameters,
// options, job table. A forked subshell gets a deep copy (clone()), as fork(2)
// copies the whole address space of real bash.
import type { Command, FuncDef } from './ast.ts'
import { getpid, getrandom } from '../libc/index.ts'
import { Heap } from '../libc/malloc.ts'
import type { Sys } from '../libc/index.ts'
import type { Builtin } from './builtins/util.ts'
import type { Job } from './jobs.ts'
import { CommandHash } from './hashcmd.ts'

/**
 * The interpreter's entry points its parts call back into: a trap, `eval`,
 * `source` and $(...) run script text; a function call runs its body; the
 * command lookup and `type` ask for the builtins. The shell's composition root
 * (index.ts) hands them to the Shell, so those parts do not import the modules
 * that import them (no import cycle through the interpreter).
 */
export interface Interp {
  runScriptText(sh: Shell, text: string, label: string | null): Sys<number>
  execCommand(sh: Shell, cmd: Command, tail: boolean): Sys<number>
  builtins: ReadonlyMap<string, Builtin>
}

export interface Var { value: string; exported: boolean; readonly?: boolean }

/** What a variable costs on the heap: its name, its value and bash's struct variable (~64 bytes). */
const varSize = (name: string, v: Var) => name.length + v.value.length + 64

/**
 * The shell's variables, keeping the bytes they hold up to date as they are
 * set and deleted, so charging an assignment to the heap costs O(1), not a
 * walk over every variable (a script with thousands of them was quadratic).
 * A value changed in place goes through Shell.set, which adjusts `bytes`.
 */
class VarMap extends Map<string, Var> {
  bytes = 0
  /** `pathChanged` runs when PATH is set or deleted. */
  constructor(private readonly pathChanged: () => void) {
    super()
  }
  override set(name: string, v: Var): this {
    const old = super.get(name)
    if (old) this.bytes -= varSize(name, old)
    this.bytes += varSize(name, v)
    if (name === 'PATH') this.pathChanged()
    return super.set(name, v)
  }
  override delete(name: string): boolean {
    const old = super.get(name)
    if (old) this.bytes -= varSize(name, old)
    if (name === 'PATH') this.pathChanged()
    return super.delete(name)
  }
}

/**
 * The `local` frames of the active function calls, as a persistent stack: a
 * forked subshell shares its parent's frames (fork copies the address space;
 * here nothing is copied until written), so a subshell inside deep recursion
 * (`f(){ ( f ); }; f`) costs O(1) memory, not O(depth). A frame is copied the
 * first time the child writes to it.
 */
class Frame {
  constructor(readonly vars: Map<string, Var | undefined>, readonly below: Frame | undefined, readonly length: number, public owner: LocalStack) {}
}

export class LocalStack {
  private top: Frame | undefined
  get length(): number {
    return this.top?.length ?? 0
  }
  push(): void {
    this.top = new Frame(new Map(), this.top, this.length + 1, this)
  }
  pop(): Map<string, Var | undefined> | undefined {
    const f = this.top
    this.top = f?.below
    return f?.vars
  }
  /** The innermost frame, for writing (copied first if shared with a parent). */
  writable(): Map<string, Var | undefined> | undefined {
    const f = this.top
    if (!f) return undefined
    if (f.owner !== this) this.top = new Frame(new Map(f.vars), f.below, f.length, this)
    return this.top!.vars
  }
  fork(): LocalStack {
    const c = new LocalStack()
    c.top = this.top
    return c
  }
}

export interface Options {
  errexit: boolean
  xtrace: boolean
  nounset: boolean
  pipefail: boolean
  noglob: boolean
  noclobber: boolean
}

/** The `shopt` options the shell models (bash's shopt_vars; builtins/shopt.ts lists the rest). */
export interface Shopts {
  /** Check that a remembered command still exists before running it (findcmd.ts). */
  checkhash: boolean
}

export class Shell {
  constructor(readonly interp: Interp) {}

  /** Remembered paths of external commands (bash's hashed_filenames, findcmd.ts). */
  hash = new CommandHash()
  /** bash's sv_path: any assignment to PATH, or its unset, empties the command hash table. */
  vars = new VarMap(() => this.hash.flush())
  funcs = new Map<string, FuncDef>()
  positional: string[] = []
  /** $0: "bash", or the script's name. */
  arg0 = 'bash'
  /** What syntax errors name: "-c" for bash -c, the script path, or null (stdin/interactive). */
  source: string | null = '-c'
  status = 0
  lastBg = 0
  pid = 0
  opts: Options = { errexit: false, xtrace: false, nounset: false, pipefail: false, noglob: false, noclobber: false }
  shopt: Shopts = { checkhash: false }
  interactive = false
  /** A login shell (argv[0] starts with '-', or -l/--login): exit says "logout". */
  login = false
  /** Forked from an interactive shell: bash's messages still omit "line N:". */
  interactiveMsgs = false
  jobControl = false
  /** A forked subshell: exit (not return) at the end; no job control. */
  isChild = false
  lineno = 1
  /** Saved outer values of `local` variables, one frame per active function call. */
  locals = new LocalStack()
  /**
   * Function calls active in this process (bash's funcnest). A forked child
   * starts at 0: its calls run on a fresh stack, so a fork bomb's children do
   * not inherit their parent's depth.
   */
  funcDepth = 0
  /** Simple commands run so far (loops yield the CPU only when none ran). */
  commands = 0
  loopDepth = 0
  traps = new Map<string, string>()
  /** Signals we set to 'catch' for a trap (checked after each command). */
  caught = new Set<number>()
  /** Signals whose trap is running now, and those that arrived meanwhile (run after it). */
  runningTraps = new Set<number>()
  pendingTraps = new Set<number>()
  jobs: Job[] = []
  shellPgid = 0
  /** Name of the builtin running now, for `bash: NAME: ...` messages. */
  builtinName = ''
  /** Depth of `errexit`-suppressed contexts (if/while conditions, && || lists, !). */
  noErrexit = 0
  randomSeed = 1
  lastRandom = 0
  /** Seeded in this process: by RANDOM=N, or on first use (bash's seeded_subshell). */
  randomSeeded = false
  /** $? of the last command substitution in this command (for `x=$(false)`). */
  substStatus: number | null = null
  /** Depth of `source` (return is allowed there). */
  sourcing = 0
  /** Set by `exec` without a command: keep its redirections. */
  keepRedirs = false
  /**
   * The fd this shell reads its script from when that is stdin (-1 otherwise);
   * moved off 0 before `exec 0<...` replaces it (bash's check_bash_input).
   * A forked child never reads the script, so clone() leaves it at -1.
   */
  inputFd = -1
  /** The heap its variables live on (libc malloc.ts): bash's xmalloc fails here. */
  heap = new Heap()
  /** Scratch bytes the running commands hold on the heap (memory.ts hold/release). */
  scratch = 0
  /** The part of `scratch` charged to the heap so far. */
  scratchCharged = 0
  /** Scratch was freed: the heap may shrink (memory.ts trim). */
  trimDue = false

  /** Copy for a forked child (fork(2) duplicates everything). */
  clone(): Shell {
    const c = new Shell(this.interp)
    for (const [k, v] of this.vars) c.vars.set(k, { ...v })
    c.funcs = new Map(this.funcs)
    c.positional = [...this.positional]
    c.arg0 = this.arg0
    c.source = this.source
    c.status = this.status
    c.lastBg = this.lastBg
    c.pid = this.pid
    c.opts = { ...this.opts }
    c.shopt = { ...this.shopt }
    c.interactive = false
    c.interactiveMsgs = this.interactive || this.interactiveMsgs
    c.jobControl = false
    c.isChild = true
    c.lineno = this.lineno
    c.locals = this.locals.fork()
    c.loopDepth = this.loopDepth
    c.traps = new Map([...this.traps].filter(([k, v]) => k !== 'EXIT' && v === ''))
    c.shellPgid = this.shellPgid
    c.noErrexit = this.noErrexit
    c.randomSeed = this.randomSeed
    c.lastRandom = this.lastRandom // a subshell reseeds on first use (randomSeeded stays false)
    c.heap = this.heap.fork()
    c.hash = this.hash.clone()
    c.scratch = this.scratch
    c.scratchCharged = this.scratchCharged
    return c
  }

  /** Bytes the variables hold (the heap charge); bash's struct variable costs ~64 bytes besides the text. */
  varBytes(): number {
    return this.vars.bytes
  }

  get(name: string): string | undefined {
    if (name === 'RANDOM') return String(this.random()) // a dynamic variable: each read is a new number
    return this.vars.get(name)?.value
  }

  /** Sets a variable; returns false (and the caller reports) when it is readonly. */
  set(name: string, value: string, exported?: boolean): boolean {
    const v = this.vars.get(name)
    if (v?.readonly) return false
    if (name === 'RANDOM') this.sbrand(Number(/^\s*[+-]?\d*/.exec(value)![0].trim() || 0) % 2 ** 32) // bash's assign_random
    if (v) {
      this.vars.bytes += value.length - v.value.length
      v.value = value
      if (name === 'PATH') this.hash.flush()
      if (exported) v.exported = true
    } else this.vars.set(name, { value, exported: exported ?? false })
    return true
  }

  unset(name: string): boolean {
    if (this.vars.get(name)?.readonly) return false
    this.vars.delete(name)
    return true
  }

  /** `local NAME`: remember the outer value to restore when the function returns. */
  makeLocal(name: string): boolean {
    const frame = this.locals.writable()
    if (!frame) return false
    if (!frame.has(name)) {
      const v = this.vars.get(name)
      frame.set(name, v ? { ...v } : undefined)
      if (v) this.vars.set(name, { value: v.value, exported: v.exported })
    }
    return true
  }

  popLocals(): void {
    const frame = this.locals.pop()
    if (!frame) return
    for (const [k, v] of frame) {
      if (v) this.vars.set(k, v)
      else this.vars.delete(k)
    }
  }

  envp(extra: readonly string[] = []): string[] {
    const env: string[] = []
    for (const [k, v] of this.vars) if (v.exported) env.push(`${k}=${v.value}`)
    return [...env, ...extra]
  }

  /**
   * The prefix of bash's error messages: "bash: " interactively, "bash: line 3: "
   * otherwise (bash's error_prolog prints the line for non-interactive shells).
   */
  prefix(withLine = true): string {
    if (this.interactive || this.interactiveMsgs || !withLine) return `${this.arg0}: `
    return `${this.arg0}: line ${this.lineno}: `
  }

  /**
   * $RANDOM as bash 5.2's get_random_number (lib/sh/random.c): Park and Miller's minimal standard
   * generator, 15 bits of (rseed >> 16) ^ (rseed & 65535), never the same value twice in a row.
   * The shell seeds it on first use (seedRandom); RANDOM=N reseeds it with N.
   */
  random(): number {
    let rv: number
    do {
      this.randomSeed = intrand32(this.randomSeed)
      rv = ((this.randomSeed >>> 16) ^ (this.randomSeed & 0xffff)) & 0x7fff
    } while (rv === this.lastRandom)
    return (this.lastRandom = rv)
  }

  /**
   * Seeds $RANDOM before its first use in this process (bash's seedrand; a subshell reseeds, as
   * get_random_number does when seeded_subshell != getpid()). bash's genseed mixes the time of day,
   * the pid, the ppid, the uid and an address; here 4 bytes of the kernel's seeded PRNG stand for
   * the time and the address, so `isolab --seed N` decides the numbers.
   */
  *seedRandom(): Sys<void> {
    if (this.randomSeeded) return
    const bytes = yield* getrandom(4)
    const pid = yield* getpid()
    let iv = pid
    if (typeof bytes === 'string') for (let i = 0; i < bytes.length; i++) iv ^= bytes.charCodeAt(i) << (8 * i)
    this.sbrand(iv)
  }

  /** bash's sbrand: RANDOM=N (strtoul, kept to 32 bits) or a fresh seed. */
  sbrand(seed: number): void {
    this.randomSeed = seed >>> 0
    this.lastRandom = 0
    this.randomSeeded = true
  }
}

/** Thrown to leave loops/functions/the shell; caught where bash would. */
export class BreakSignal { constructor(public n: number) {} }
export class ContinueSignal { constructor(public n: number) {} }
export class ReturnSignal { constructor(readonly status: number) {} }
export class ExitSignal { constructor(readonly status: number) {} }
/** Ctrl-C in an interactive shell: abandon the command line, back to the prompt. */
export class InterruptSignal {}

/** bash's intrand32: x(n+1) = 16807 * x(n) mod (2^31 - 1), split to avoid overflow (Schrage). */
function intrand32(last: number): number {
  const x = last === 0 ? 123459876 : last
  const h = Math.floor(x / 127773)
  const l = x - 127773 * h
  const t = 16807 * l - 2836 * h
  return t < 0 ? t + 0x7fffffff : t
}
