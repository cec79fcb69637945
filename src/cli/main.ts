// Entry point behind the `isolab` bin (bundled to build/isolab.js by
// scripts/build-cli.mjs). `main` returns the exit status and sets process.exitCode.
import { fstatSync, readFileSync } from 'node:fs'
import pkg from '../../package.json' with { type: 'json' }
import { Machine } from '../host/machine.ts'
import type { MachineOptions } from '../host/types.ts'
import { startInteractive } from './interactive.ts'
import { parseCommandLine, USAGE, UsageError, type GlobalOptions, type ShArgs } from './options.ts'
import { runScriptOn, withPositionalArgs } from './run-script.ts'
import { compare, formatComparison } from '../compare/compare.ts'
import { loadAllCode } from '../programs/lib/lazy.ts'

export async function main(argv: string[]): Promise<number> {
  const status = await run(argv)
  process.exitCode = status
  return status
}

async function run(argv: string[]): Promise<number> {
  let cmd
  try {
    cmd = parseCommandLine(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`isolab: ${e.message}\nTry 'isolab --help' for more information.\n`)
    return 2
  }
  // What the web page loads on first use (rarely run programs, the regex engine) is loaded
  // before a machine runs, so no program waits for it and a run is the same byte for byte.
  if (cmd.kind !== 'help' && cmd.kind !== 'version') await loadAllCode()
  switch (cmd.kind) {
    case 'help':
      process.stdout.write(USAGE)
      return 0
    case 'version':
      process.stdout.write(`isolab ${pkg.version}\n`)
      return 0
    case 'interactive':
      return process.stdin.isTTY ? interactive(cmd.opts) : script(cmd.opts, { source: 'stdin' })
    case 'sh':
      return cmd.sh.source === 'stdin' && process.stdin.isTTY ? interactive(cmd.opts) : script(cmd.opts, cmd.sh)
    case 'compare':
      return compareCommand(cmd.cve, cmd.json, cmd.opts)
    case 'lab':
    case 'scenario':
      // Loaded on demand: the lab engine (YAML, schema validation) is a third of the CLI's code,
      // and every other command starts faster without compiling or initializing it.
      return (await import('./labs-cli.ts')).labsCommand(cmd.kind, cmd.args)
  }
}

function machineOptions(o: GlobalOptions): MachineOptions {
  const m: MachineOptions = { seed: o.seed }
  if (o.memoryBytes !== undefined) m.memoryBytes = o.memoryBytes
  if (o.cpus !== undefined) m.cpus = o.cpus
  if (o.versions !== undefined) m.versions = o.versions
  return m
}

async function script(opts: GlobalOptions, sh: ShArgs): Promise<number> {
  let text: string
  let stdin = ''
  let argv0: string | undefined
  if (sh.source === 'string') {
    text = withPositionalArgs(sh.script, sh.args)
    argv0 = sh.name
    stdin = await readStdinIfRedirected()
  } else if (sh.source === 'file' && sh.path !== '-') {
    try {
      text = withPositionalArgs(readFileSync(sh.path, 'utf8'), sh.args)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      process.stderr.write(`isolab: ${sh.path}: ${code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`)
      return 127 // what bash returns for a missing script file
    }
    stdin = await readStdinIfRedirected()
  } else {
    text = await readAll(process.stdin)
    if (sh.source === 'file') text = withPositionalArgs(text, sh.args)
  }
  const machine = new Machine(machineOptions(opts))
  // `isolab sh < file` is `bash < file`: the script is bash's stdin (a command may read its next lines).
  const fromStdin = sh.source === 'stdin' || (sh.source === 'file' && sh.path === '-' && sh.args.length === 0)
  return runScriptOn(machine, text, stdin, {
    writeOut: (s) => void process.stdout.write(s),
    writeErr: (s) => void process.stderr.write(s),
  }, argv0, fromStdin)
}

/**
 * The simulated machine takes stdin as a whole string up front, so only read
 * ours when it is clearly redirected (file or pipe): a terminal or an inherited
 * socket that never closes would hang a script that doesn't read input.
 */
async function readStdinIfRedirected(): Promise<string> {
  try {
    const st = fstatSync(0)
    return st.isFile() || st.isFIFO() ? await readAll(process.stdin) : ''
  } catch {
    return ''
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c)
  return Buffer.concat(chunks).toString('utf8')
}

async function interactive(opts: GlobalOptions): Promise<number> {
  const { stdin, stdout } = process
  const terminal = Boolean(stdin.isTTY && stdout.isTTY)
  if (terminal) stdin.setRawMode(true) // keystrokes one by one: Ctrl-C/D/Z reach the simulated tty
  const machine = new Machine(machineOptions(opts))
  const session = startInteractive(machine, {
    input: stdin,
    output: stdout,
    terminal,
    cols: stdout.columns ?? 80,
    rows: stdout.rows ?? 24,
  })
  const onResize = () => session.resize(stdout.columns, stdout.rows)
  stdout.on('resize', onResize)
  try {
    return await session.done
  } finally {
    stdout.off('resize', onResize)
    if (terminal) stdin.setRawMode(false)
    stdin.pause() // let the event loop end
  }
}

function compareCommand(cve: string, json: boolean, o: GlobalOptions): number {
  const c = compare(cve, { seed: o.seed, ...(o.versions ? { versions: o.versions } : {}) })
  if (typeof c === 'string') {
    process.stderr.write(`isolab: ${c}\n`)
    return 1
  }
  process.stdout.write(json ? JSON.stringify(c, null, 2) + '\n' : formatComparison(c))
  return 0
}
