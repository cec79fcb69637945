// scenarios/security/runc-cve-2019-5736.yaml and runc-cve-2024-21626.yaml played as
// `isolab scenario run` plays them: the narrated transcripts byte for byte against
// golden/security-runc-*.txt, and the facts each shows. Update with
// `npx vitest run test/scenarios/runc-cves.test.ts -u` and review the diff.
import { describe, expect, it } from 'vitest'
import { played } from './play.ts'

describe('scenario runc-cve-2019-5736', () => {
  const p = () => played('security/runc-cve-2019-5736')
  it('every expectation holds; the transcript is the golden one', async () => {
    expect(p().result.ok).toBe(true)
    await expect(p().transcript).toMatchFileSnapshot('golden/security-runc-cve-2019-5736.txt')
  })
  it('rc6: the payload replaced the host\'s runc and ran as host root; rc7: EPERM, and exec works again', () => {
    expect(p().out('payload')).toContain('#!/bin/sh\nsh -c \'id; hostname; head -1 /etc/shadow\'\n')
    expect(p().out('fixed')).toContain('/memfd:runc_cloned:/proc/self/exe (deleted)')
    expect(p().out('fixed')).toMatch(/hello\n$/)
  })
})

describe('scenario runc-cve-2024-21626', () => {
  const p = () => played('security/runc-cve-2024-21626')
  it('every expectation holds; the transcript is the golden one', async () => {
    expect(p().result.ok).toBe(true)
    await expect(p().transcript).toMatchFileSnapshot('golden/security-runc-cve-2024-21626.txt')
  })
  it('only the leaked cwd reaches the host\'s files', () => {
    expect(p().out('normal')).not.toContain('root:*:')
    expect(p().out('fixed')).not.toContain('[+] getcwd()')
  })
})
