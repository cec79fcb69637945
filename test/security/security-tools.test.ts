// Golden transcripts through the machine: capsh(1), getpcaps(8), aa-exec(1),
// aa-status(8) and seccomp-run, as a student types them.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine({ seed: 7 }).runScript(script)
const DOCKER_NAMES = 'cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap'

describe('capsh and getpcaps (libcap)', () => {
  it('capsh --print as root: "Current: =ep", securebits, ids, guessed mode', () => {
    const r = run('capsh --print')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('Current: =ep')
    expect(lines[1]).toMatch(/^Bounding set =cap_chown,cap_dac_override,.*,cap_checkpoint_restore$/)
    expect(lines.slice(2).join('\n')).toBe(
      "Ambient set =\nCurrent IAB: \nSecurebits: 00/0x0/1'b0 (no-new-privs=0)\n secure-noroot: no (unlocked)\n" +
      ' secure-no-suid-fixup: no (unlocked)\n secure-keep-caps: no (unlocked)\n secure-no-ambient-raise: no (unlocked)\n' +
      'uid=0(root) euid=0(root)\ngid=0(root)\ngroups=0(root)\nGuessed mode: HYBRID (4)\n')
  })

  it('capsh --decode names the bits of a CapEff value (Docker\'s default set)', () => {
    expect(run('capsh --decode=00000000a80425fb').stdout).toBe(`0x00000000a80425fb=${DOCKER_NAMES}\n`)
  })

  it('capsh --drop removes from the bounding set for the command after --; IAB shows "!cap_..."', () => {
    const r = run('capsh --drop=cap_net_raw,cap_sys_admin -- -c "capsh --print | head -4 | tail -1; grep CapBnd /proc/self/status"')
    expect(r.stdout).toBe('Current IAB: !cap_net_raw,!cap_sys_admin\nCapBnd:\t000001ffffdfdfff\n')
    expect(run('capsh --drop=cap_bogus').stderr).toBe('capability [cap_bogus] is unknown to libcap\n')
  })

  it('capsh --inh and --addamb raise an ambient capability that survives execve', () => {
    const r = run('capsh --inh=cap_net_raw --addamb=cap_net_raw -- -c "grep CapAmb /proc/self/status; capsh --print | sed -n 3,4p"')
    expect(r.stdout).toBe('CapAmb:\t0000000000002000\nAmbient set =cap_net_raw\nCurrent IAB: ^cap_net_raw\n')
    expect(run('capsh --addamb=cap_kill').stderr).toBe('failed to raise ambient [cap_kill=5]\n')
  })

  it('getpcaps PID prints "PID: =ep" (libcap 2.66 format); an unknown pid fails', () => {
    expect(run('getpcaps 1').stdout).toBe('1: =ep\n')
    const r = run('getpcaps 99999')
    expect(r.stderr).toBe("Failed to get cap's for process 99999: (No such process)\n")
    expect(r.status).toBe(1)
  })
})

describe('aa-exec and aa-status (AppArmor)', () => {
  it('aa-exec -p docker-default: attr/current changes; a write under /proc/sys is denied and logged', () => {
    const r = run('cat /proc/self/attr/current; aa-exec -p docker-default -- cat /proc/self/attr/current; ' +
      'aa-exec -p docker-default -- sh -c "echo x > /proc/sys/kernel/hostname"; echo status=$?; dmesg | grep apparmor')
    expect(r.stdout).toMatch(/^unconfined\ndocker-default \(enforce\)\nstatus=1\n\[ *\d+\.\d{6}\] audit: type=1400 audit\(\d+\.\d{3}:1\): apparmor="DENIED" operation="open" profile="docker-default" name="\/proc\/sys\/kernel\/hostname" pid=\d+ comm="sh" requested_mask="w" denied_mask="w" fsuid=0 ouid=0\n$/)
    expect(r.stderr).toBe('sh: line 1: /proc/sys/kernel/hostname: Permission denied\n')
  })

  it('aa-exec with an unknown profile', () => {
    const r = run('aa-exec -p nope -- true')
    expect(r.stderr).toBe("aa-exec: ERROR: profile 'nope' does not exist\n")
    expect(r.status).toBe(1)
  })

  it('aa-status lists loaded profiles and confined processes; needs root', () => {
    const r = run('aa-exec -p docker-default -- sleep 5 & sleep 0.1; aa-status; kill %1')
    expect(r.stdout).toMatch(/^apparmor module is loaded\.\n1 profiles are loaded\.\n1 profiles are in enforce mode\.\n {3}docker-default\n0 profiles are in complain mode\.\n1 processes have profiles defined\.\n1 processes are in enforce mode\.\n {3}\/bin\/sleep \(\d+\) docker-default\n0 processes are in complain mode\.\n0 processes are unconfined but have a profile defined\.\n$/)
    const u = run('setpriv --reuid=1000 --regid=1000 --clear-groups aa-status')
    expect(u.stdout).toBe('apparmor module is loaded.\n')
    expect(u.stderr).toBe('You do not have enough privilege to read the profile set.\n')
    expect(u.status).toBe(4)
  })
})

describe('seccomp-run (a Docker seccomp profile, as runc installs it)', () => {
  it('the default profile without CAP_SYS_ADMIN: unshare fails with EPERM, /proc/self/status shows the filter', () => {
    const r = run('capsh --drop=cap_sys_admin -- -c "seccomp-run --profile default -- unshare -U true; echo rc=\\$?; seccomp-run --profile default -- grep Seccomp /proc/self/status"')
    expect(r.stderr).toBe('unshare: unshare failed: Operation not permitted\n')
    expect(r.stdout).toBe('rc=1\nSeccomp:\t2\nSeccomp_filters:\t1\n')
  })

  it('a custom profile: ERRNO and KILL_PROCESS actions', () => {
    const r = run(`echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 30}]}' > /tmp/p.json
seccomp-run --profile /tmp/p.json -- mkdir /tmp/d`)
    expect(r.stderr).toBe("mkdir: cannot create directory '/tmp/d': Read-only file system\n")
    const k = run(`echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_KILL_PROCESS"}]}' > /tmp/k.json
seccomp-run --profile /tmp/k.json -- mkdir /tmp/d; echo status=$?`)
    expect(k.stdout).toBe('status=159\n') // 128 + SIGSYS
  })

  it('a malformed profile: what, where and what was expected', () => {
    const r = run(`echo '{"defaultAction": "SCMP_ACT_ALLOW",}' > /tmp/bad.json; seccomp-run --profile /tmp/bad.json -- true
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": "mkdir", "action": "SCMP_ACT_ERRNO"}]}' > /tmp/bad2.json; seccomp-run --profile /tmp/bad2.json -- true`)
    expect(r.stderr).toBe(
      "seccomp-run: /tmp/bad.json: Decoding seccomp profile failed: invalid character '}' looking for beginning of object key string (line 1, column 36)\n" +
      'seccomp-run: /tmp/bad2.json: Decoding seccomp profile failed: json: cannot unmarshal string into Go struct field Syscall.syscalls.names of type []string\n')
    expect(r.status).toBe(1)
  })
})
