// coreutils head(1) on a seekable input lseeks back to just after the last
// line it printed, so the next reader of the same open file continues there.
import { expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

it('head leaves a regular file positioned after its output; from a pipe the rest is gone', () => {
  const r = new Machine().runScript("printf 'a\\nb\\nc\\n' > /tmp/f; { head -n1; cat; } < /tmp/f; printf '1\\n2\\n' | { head -n1; cat; }")
  expect(r.stdout).toBe('a\nb\nc\n1\n')
})
