// help: every installed command with its one-line description, generated
// from the program registry (index.ts), so it cannot drift from what exists.
import type { Program } from '../../kernel-sim/abi/index.ts'
import { out } from '../libc/index.ts'
import { PROGRAMS } from './index.ts'
import type { ProgramInfo } from './lib/types.ts'

export function helpText(programs: readonly ProgramInfo[]): string {
  const w = Math.max(...programs.map((p) => p.name.length))
  const rows = [...programs].sort((a, b) => (a.name < b.name ? -1 : 1)).map((p) => `  ${p.name.padEnd(w)}  ${p.description}`)
  return `Commands on this machine (NAME --help for details):\n${rows.join('\n')}\n`
}

function* main(argv: readonly string[]): Program {
  const want = argv.slice(1)
  const list = want.length ? PROGRAMS.filter((p) => want.includes(p.name)) : PROGRAMS
  yield* out(helpText(list))
  return want.length && list.length === 0 ? 1 : 0
}

export const help: ProgramInfo = { name: 'help', path: '/usr/local/bin/help', description: 'list the commands installed on this machine', main }
