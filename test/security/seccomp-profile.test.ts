// Docker's default seccomp profile (moby profiles/seccomp/default.json;
// linux-semantics §6.4) and custom profiles in Docker's JSON format.
import { describe, expect, it } from 'vitest'
import { CAP, E, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS, capBit } from '../../kernel-sim/abi/index.ts'
import { harness } from '../../kernel-sim/testing/harness.ts'
import { DOCKER_CAPS } from '../../kernel-sim/testing/confine.ts'
import { compileFilter, runFilter } from '../../kernel-sim/kernel/security/seccomp.ts'
import type { SeccompFilter } from '../../kernel-sim/kernel/security/types.ts'
import { DOCKER_DEFAULT_SECCOMP } from '../../src/runtime/seccomp-default.ts'
import { parseDockerProfile, resolveDockerProfile, type ProfileError } from '../../src/runtime/seccomp-profile.ts'
import { dockerize } from './docker-sec.ts'

const CLONE_NEWNS = 0x00020000
const CLONE_NEWUSER = 0x10000000

function filterFor(caps: bigint): SeccompFilter {
  const spec = resolveDockerProfile(DOCKER_DEFAULT_SECCOMP, caps)
  if (!spec || 'message' in spec) throw new Error('no filter')
  const f = compileFilter(spec)
  if (typeof f === 'string') throw new Error(f)
  return f
}

describe("Docker's default seccomp profile", () => {
  it('blocked calls fail with EPERM (defaultErrnoRet 1): keyctl, add_key, request_key, kexec_load, init_module, bpf, unshare, mount, setns, reboot', () => {
    const h = harness()
    const p = h.spawn()
    dockerize(h, p)
    for (const nr of ['keyctl', 'add_key', 'request_key', 'kexec_load', 'init_module', 'bpf', 'unshare', 'mount', 'setns', 'reboot', 'settimeofday', 'umount2', 'pivot_root', 'syslog'] as const) {
      expect(h.call(p, nr, 0, 0, 0), nr).toBe(-E.EPERM)
    }
  })

  it('clone without namespace flags works; with CLONE_NEWNS/NEWUSER it is EPERM ((flags & 0x7E020000) == 0)', () => {
    const h = harness()
    const p = h.spawn()
    dockerize(h, p)
    expect(h.fork(p, 0)).toBeGreaterThan(0)
    expect(h.call(p, 'clone', CLONE_NEWNS, () => undefined)).toBe(-E.EPERM)
    expect(h.call(p, 'clone', CLONE_NEWUSER, () => undefined)).toBe(-E.EPERM)
  })

  it('clone3 without CAP_SYS_ADMIN → ENOSYS (errnoRet 38), so glibc falls back to clone', () => {
    const f = filterFor(DOCKER_CAPS)
    expect(runFilter(f, 'clone3', [])).toBe(SECCOMP_RET_ERRNO | E.ENOSYS)
    expect(runFilter(filterFor(DOCKER_CAPS | capBit(CAP.SYS_ADMIN)), 'clone3', [])).toBe(SECCOMP_RET_ALLOW)
  })

  it('capability-conditional groups follow the bounding set: --cap-add SYS_ADMIN allows mount/unshare/clone(CLONE_NEWNS)', () => {
    const f = filterFor(DOCKER_CAPS | capBit(CAP.SYS_ADMIN))
    for (const nr of ['mount', 'unshare', 'setns', 'sethostname']) expect(runFilter(f, nr, [])).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(f, 'clone', [CLONE_NEWNS])).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(filterFor(DOCKER_CAPS | capBit(CAP.SYS_MODULE)), 'init_module', [])).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(filterFor(DOCKER_CAPS | capBit(CAP.SYS_TIME)), 'clock_settime', [])).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(f, 'keyctl', [])).toBe(SECCOMP_RET_ERRNO | E.EPERM) // in no allow rule at all
  })

  it('ordinary calls are allowed: open, read, write, execve, socket(AF_INET) but not socket(AF_VSOCK)', () => {
    const f = filterFor(DOCKER_CAPS)
    for (const nr of ['open', 'read', 'write', 'execve', 'wait4', 'sigaction', 'prlimit', 'exit']) expect(runFilter(f, nr, []), nr).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(f, 'socket', [2, 1])).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(f, 'socket', [40, 1])).toBe(SECCOMP_RET_ERRNO | E.EPERM)
    expect(runFilter(f, 'personality', [0xffffffff])).toBe(SECCOMP_RET_ALLOW)
    expect(runFilter(f, 'personality', [0x0040000])).toBe(SECCOMP_RET_ERRNO | E.EPERM)
  })

  it('"Seccomp: 2" and "Seccomp_filters: 1" in /proc/[pid]/status', () => {
    const h = harness()
    const p = h.spawn()
    dockerize(h, p)
    const fd = h.open(p, `/proc/${p}/status`)
    const s = h.call(p, 'read', fd, 65536) as string
    expect(s).toContain('Seccomp:\t2\nSeccomp_filters:\t1\n')
    expect(s).toContain('CapEff:\t00000000a80425fb\n')
  })
})

describe('custom profiles in Docker JSON', () => {
  const err = (text: string) => parseDockerProfile(text) as ProfileError

  it('a small profile: defaultAction ALLOW, one syscall KILL_PROCESS, one ERRNO with errnoRet', () => {
    const p = parseDockerProfile(`{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
      {"names": ["mkdir"], "action": "SCMP_ACT_KILL_PROCESS"},
      {"names": ["chmod"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 1, "value": 511, "op": "SCMP_CMP_EQ"}]}]}`)
    const spec = resolveDockerProfile(p as never, 0n)
    expect(spec).toEqual({
      defaultAction: SECCOMP_RET_ALLOW,
      rules: [
        { names: ['mkdir'], action: SECCOMP_RET_KILL_PROCESS },
        { names: ['chmod'], action: SECCOMP_RET_ERRNO | 13, args: [{ index: 1, op: 'EQ', value: 511, valueTwo: 0 }] },
      ],
    })
  })

  it('syntax errors: Go encoding/json texts after "Decoding seccomp profile failed:", with line and column', () => {
    expect(err('{"defaultAction": "SCMP_ACT_ALLOW",}')).toEqual({
      message: "Decoding seccomp profile failed: invalid character '}' looking for beginning of object key string", line: 1, column: 36,
    })
    expect(err('{"defaultAction": "SCMP_ACT_ALLOW"\n "syscalls": []}').message).toBe("Decoding seccomp profile failed: invalid character '\"' after object key:value pair")
    expect(err('{"defaultAction": ').message).toBe('Decoding seccomp profile failed: unexpected end of JSON input')
    expect(err('{"syscalls": [1 2]}').message).toBe("Decoding seccomp profile failed: invalid character '2' after array element")
    expect(err('{"x": tru}').message).toBe("Decoding seccomp profile failed: invalid character '}' in literal true (expecting 'e')")
  })

  it('type errors name the field path, the JSON type found and the Go type expected', () => {
    expect(err('{"syscalls": {}}').message).toBe('Decoding seccomp profile failed: json: cannot unmarshal object into Go struct field Seccomp.syscalls of type []*seccomp.Syscall')
    expect(err('{"syscalls": [{"names": "mkdir"}]}').message).toBe('Decoding seccomp profile failed: json: cannot unmarshal string into Go struct field Syscall.syscalls.names of type []string')
    expect(err('{"syscalls": [{"names": ["x"], "args": [{"index": -1}]}]}').message).toBe('Decoding seccomp profile failed: json: cannot unmarshal number -1 into Go struct field LinuxSeccompArg.syscalls.args.index of type uint')
    expect(err('{"defaultAction": 1}').message).toBe('Decoding seccomp profile failed: json: cannot unmarshal number into Go struct field Seccomp.defaultAction of type specs.LinuxSeccompAction')
    expect(err('[]').message).toBe('Decoding seccomp profile failed: json: cannot unmarshal array into Go value of type seccomp.Seccomp')
  })

  it('semantic errors say where and what was expected', () => {
    const bad = (text: string) => resolveDockerProfile(parseDockerProfile(text) as never, 0n) as ProfileError
    expect(bad('{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_DENY"}]}').message)
      .toBe('syscalls[0].action: string SCMP_ACT_DENY is not a valid action for seccomp (expected one of SCMP_ACT_KILL, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY)')
    expect(bad('{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["x"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "EQ"}]}]}').message)
      .toMatch(/^syscalls\[0\]\.args\[0\]\.op: string EQ is not a valid operator for seccomp \(expected one of SCMP_CMP_NE/)
    expect(bad('{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"name": "a", "names": ["b"], "action": "SCMP_ACT_ALLOW"}]}').message)
      .toBe("syscalls[0]: 'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'")
    expect(bad('{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "archMap": [{"architecture": "SCMP_ARCH_X86_64"}]}').message)
      .toBe("'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'")
  })

  it('an empty profile ({}) disables seccomp, as moby does', () => {
    expect(resolveDockerProfile(parseDockerProfile('{}') as never, 0n)).toBeNull()
  })
})
