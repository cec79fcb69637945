// The docker subcommands that live outside cli.ts, one module per group;
// cli.ts asks here first. `docker container X` / `docker image X` /
// `docker volume X` / `docker system X` reach the same handlers.
import type { Sys } from '../../libc/index.ts'
import { ps } from './ps.ts'
import { history, images, rmi, search, tag } from './images.ts'
import { inspect, port } from './inspect.ts'
import { logs } from './logs.ts'
import { volume } from './volumes.ts'
import { cp } from './cp.ts'
import { system } from './system.ts'
import { attach } from './attach.ts'
import { imagePrune } from './prune.ts'
import { create, pause, prune, rename, restart, start, unpause, wait } from './lifecycle.ts'

type Command = (argv: readonly string[], envp: readonly string[]) => Sys<number>

const COMMANDS: Record<string, Command> = {
  ps, images, 'image-inspect': (a, e) => inspect(a, e, 'image'), 'container-inspect': (a, e) => inspect(a, e, 'container'),
  rmi, search, tag, history, inspect, port, create, start, restart, wait, rename, pause, unpause, 'container-prune': prune, logs, volume, cp, system, attach, 'image-prune': imagePrune,
}

/** `docker container <sub>` names that differ from the top-level command. */
const CONTAINER: Record<string, string> = { ls: 'ps', list: 'ps', inspect: 'container-inspect', prune: 'container-prune' }
/** `docker image <sub>`. */
const IMAGE: Record<string, string> = { ls: 'images', list: 'images', rm: 'rmi', remove: 'rmi', tag: 'tag', history: 'history', inspect: 'image-inspect', prune: 'image-prune' }

/** The handler's status, or undefined when the command is cli.ts's. */
export function* dispatchCommand(cmd: string | undefined, rest: readonly string[], envp: readonly string[]): Sys<number | undefined> {
  if (cmd === undefined) return undefined
  const group = cmd === 'container' ? CONTAINER : cmd === 'image' ? IMAGE : undefined
  if (group && rest[0] !== undefined) {
    const sub = group[rest[0]] ?? (cmd === 'container' ? rest[0] : '')
    const f = COMMANDS[sub]
    return f ? yield* f(rest.slice(1), envp) : undefined
  }
  const f = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined
  return f ? yield* f(rest, envp) : undefined
}
