// help: every installed command with its one-line description, generated
// from the program registry (index.ts hands it over), so it cannot drift from
// what exists.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import type { ProgramInfo } from './lib/types.ts'

export function helpText(programs: readonly ProgramInfo[]): string {
  const w = Math.max(...programs.map((p) => p.name.length))
  const rows = [...programs].sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => `  ${p.name.padEnd(w)}  ${p.description}`)
  return `Commands on this machine (NAME --help for details):\n${rows.join('\n')}\n`
}

/** The help program over a registry (a function: the registry includes help itself). */
export function helpProgram(registry: () => readonly ProgramInfo[]): ProgramInfo {
  function* main(argv: readonly string[]): Program {
    const all = registry().filter((p) => !p.imageOnly) // what this machine has, not what images bring
    const want = argv.slice(1)
    const list = want.length ? all.filter((p) => want.includes(p.name)) : all
    yield* out(helpText(list))
    return want.length && list.length === 0 ? 1 : 0
  }
  return { name: 'help', path: '/usr/local/bin/help', description: 'list the commands installed on this machine', main }
}
