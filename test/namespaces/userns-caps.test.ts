// capget(2) in a user namespace reports the sets held there, as /proc/PID/status
// does: user_namespaces(7) "the first process in a new user namespace has a
// complete set of capabilities within that namespace" — and none outside it,
// so they open nothing the user could not open before.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('capabilities held in a user namespace', () => {
  it('an unprivileged user\'s unshare -Ur: capget (capsh, getpcaps) and /proc/self/status agree on the full set', () => {
    const r = run('setpriv --reuid=1000 --regid=1000 --clear-groups unshare -Ur sh -c "capsh --print | head -n 1; getpcaps 0 \\$\\$ | tail -n 1; grep CapEff /proc/self/status"')
    expect(r.stdout).toMatch(/^Current: =ep\n\d+: =ep\nCapEff:\t000001ffffffffff\n$/)
  })
  it('they count only in that namespace: the host\'s /etc/shadow stays closed', () => {
    const r = run('setpriv --reuid=1000 --regid=1000 --clear-groups unshare -Ur cat /etc/shadow; echo $?')
    expect(r.stderr).toBe('cat: /etc/shadow: Permission denied\n')
    expect(r.stdout).toBe('1\n')
  })
})
