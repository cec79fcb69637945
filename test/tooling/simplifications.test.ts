// Every knowing departure from Linux is tagged `SIMPLIFICATION: <reason>`;
// a tag without a reason teaches nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listSimplifications as list } from '../../scripts/list-simplifications.mjs'

describe('SIMPLIFICATION tags', () => {
  it('the lister finds tags with file:line and strips comment punctuation', () => {
    const root = mkdtempSync(join(tmpdir(), 'isolab-simpl-'))
    try {
      mkdirSync(join(root, 'kernel-sim', 'kernel'), { recursive: true })
      writeFileSync(join(root, 'kernel-sim', 'kernel', 'a.ts'), 'x\n// SIMPLIFICATION: no NUMA\n/* SIMPLIFICATION: one zone */\n')
      expect(list(root)).toEqual([
        { file: join('kernel-sim', 'kernel', 'a.ts'), line: 2, text: 'no NUMA' },
        { file: join('kernel-sim', 'kernel', 'a.ts'), line: 3, text: 'one zone' },
      ])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('every tag in kernel-sim/, src/ and web/ gives a reason', () => {
    const empty = list().filter((t) => t.text.replace(/[\s\-–—:*/]/g, '') === '')
    expect(empty.map((t) => `${t.file}:${t.line}`), 'SIMPLIFICATION: tags without a reason').toEqual([])
  })
})
