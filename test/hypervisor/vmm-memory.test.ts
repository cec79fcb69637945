// Host root reads a guest's RAM through its VMM process (/proc/PID/maps shows
// the anonymous mapping QEMU gave KVM; /proc/PID/mem reads it at that virtual
// address), with no host physical memory modelled for it. An unprivileged
// user cannot (PTRACE_MODE_ATTACH).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('a VM\'s RAM in its VMM process', () => {
  it('maps shows guest RAM at 0x7f3a00000000; memread -p reads the secret the guest wrote', () => {
    const m = new Machine()
    const out = m.runScript(`vm create a --image alpine --memory 256M; vm start -q a
vm exec a -- 'memwrite 0x100000 GUEST-SECRET'
PID=$(vm list | awk '$1 == "a" {print $NF}')
grep -E 'heap|^7f3a' /proc/$PID/maps
memread -p $PID $((0x7f3a00100000)) 16
setpriv --reuid 1000 memread -p $PID $((0x7f3a00100000)) 16; echo "status $?"
memread -p $PID 0x1000 16; echo "status $?"`, { maxSteps: 50_000_000 })
    expect(out.stdout).toMatch(/^555557000000-555557400000 rw-p 00000000 00:00 0 +\[heap\]\n7f3a00000000-7f3a10000000 rw-p 00000000 00:00 0 *\n/m)
    expect(out.stdout).toContain('7f3a00100000  47 55 45 53 54 2d 53 45  43 52 45 54 00 00 00 00  |GUEST-SECRET....|')
    expect(out.stderr).toContain(`memread: cannot open /proc/`)
    expect(out.stderr).toContain('/mem: Permission denied')
    expect(out.stderr).toContain('memread: read at 0x1000: Input/output error') // unmapped: mem_rw's EIO
  })
})
