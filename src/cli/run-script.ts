// `isolab sh -c ...` / `isolab sh FILE` / `isolab sh < FILE`: one script, run to
// completion on a fresh host; output streams out as the machine produces it.
import type { ScriptMachine } from './machine-api.ts'

export interface ScriptIO {
  writeOut(s: string): void
  writeErr(s: string): void
}

/** `set -- ARGS` so $1.. work like `bash -c 'script' name args`. */
export function withPositionalArgs(script: string, args: string[]): string {
  if (args.length === 0) return script
  const quoted = args.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')
  return `set -- ${quoted}\n${script}`
}

export function runScriptOn(machine: ScriptMachine, script: string, stdin: string, io: ScriptIO, argv0?: string, fromStdin = false): number {
  let streamed = false
  const result = machine.runScript(script, {
    stdin,
    ...(fromStdin ? { fromStdin } : {}),
    ...(argv0 === undefined ? {} : { argv0 }),
    onStdout: (s) => ((streamed = true), io.writeOut(s)),
    onStderr: (s) => ((streamed = true), io.writeErr(s)),
  })
  // A machine that ignores the callbacks still gets its output printed, once, at the end.
  if (!streamed) {
    if (result.stdout) io.writeOut(result.stdout)
    if (result.stderr) io.writeErr(result.stderr)
  }
  return result.status
}
