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
      const src = [
        'x',
        '// SIMPLIFICATION: no NUMA',
        '/* SIMPLIFICATION: one zone */',
        '  // SIMPLIFICATION: a reason that',
        '  // wraps onto a second line.',
        '  const y = 1 // not part of it',
        '/**',
        ' * SIMPLIFICATION: in a doc',
        ' * comment too.',
        ' */',
      ].join('\n')
      writeFileSync(join(root, 'kernel-sim', 'kernel', 'a.ts'), src)
      const f = join('kernel-sim', 'kernel', 'a.ts')
      expect(list(root)).toEqual([
        { file: f, line: 2, text: 'no NUMA' },
        { file: f, line: 3, text: 'one zone' },
        { file: f, line: 4, text: 'a reason that wraps onto a second line.' },
        { file: f, line: 8, text: 'in a doc comment too.' },
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
