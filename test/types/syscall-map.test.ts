// The typed syscall map (kernel-sim/abi/syscall-map.ts) at work: each
// `@ts-expect-error` below is a mistake that must not compile. `npm run
// typecheck` fails if one of them starts compiling (an unused directive is an
// error), so the checks cannot silently stop working; the runtime assertions
// only keep vitest from reporting an empty file.
import { describe, expect, it } from 'vitest'
import { AT_FDCWD, type SysArgs, type SyscallReq } from '../../kernel-sim/abi/index.ts'
import { spec, type SyscallTable } from '../../kernel-sim/kernel/syscalls/spec.ts'
import { sysOpen } from '../../kernel-sim/kernel/syscalls/sys-file.ts'
import { nsKill } from '../../kernel-sim/kernel/ns/sys-ns.ts'
import { kill, open } from '../../src/libc/index.ts'

describe('typed syscalls: a wrapper and a handler that disagree do not compile', () => {
  it('a request built with a wrong argument type is rejected', () => {
    const good: SyscallReq = { nr: 'open', args: [AT_FDCWD, '/etc/hostname', 0, 0o666] }
    // @ts-expect-error the path is a string, not a number
    const bad: SyscallReq = { nr: 'open', args: [AT_FDCWD, 42, 0, 0o666] }
    // @ts-expect-error kill(2) takes (pid, sig): one argument is missing
    const short: SysArgs<'kill'> = [1]
    expect([good.nr, bad.nr, short.length]).toEqual(['open', 'open', 1])
  })

  it('a libc wrapper passing arguments in the wrong order is rejected', () => {
    // The generators are only created, never run.
    expect(typeof open('/etc/hostname', 0)).toBe('object')
    // @ts-expect-error open(path, flags): flags are a number
    expect(typeof open('/etc/hostname', '0')).toBe('object')
    // @ts-expect-error kill(pid, sig): the pid is a number
    expect(typeof kill('1', 9)).toBe('object')
  })

  it('a handler that decodes an argument as the wrong type is rejected', () => {
    const table: Pick<SyscallTable, 'open' | 'kill'> = {
      // @ts-expect-error a[1] is open's path (a string), not its flags
      open: spec((k, p, a) => sysOpen(k, p, a[0], a[2], a[1], a[3]), 600),
      kill: spec((k, p, a) => nsKill(k, p, a[0], a[1]), 400),
    }
    expect(table.open.cost).toBe(600)
  })
})
