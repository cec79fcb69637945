// bash(1) "Shell Variables": parameters the shell computes on each expansion.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

describe('computed parameters', () => {
  it('$LINENO and $RANDOM expand in both $NAME and ${NAME} forms (bash(1) Shell Variables)', () => {
    const r = new Machine({ seed: 3 }).runScript('echo $LINENO ${LINENO}\n[ -n "$RANDOM" ] && echo random $LINENO')
    expect(r.stdout).toBe('1 1\nrandom 2\n')
  })
})

describe('pattern substitution (bash(1) "Parameter Expansion": ${parameter/pattern/string})', () => {
  const run = (s: string) => new Machine().runScript(s).stdout
  it('"If pattern begins with #, it must match at the beginning ... with %, at the end" (they parsed as a plain /)', () => {
    expect(run('x=abcabc; echo ${x/#a/Z} ${x/#b/Z} ${x/%c/Z} ${x/%b/Z}')).toBe('Zbcabc abcabc abcabZ abcabc\n')
  })
  it('the longest match at the first position; // replaces every match; a literal, a ? and a [...] pattern', () => {
    expect(run('x=abcabc; echo ${x/b*/W} ${x//b/XY} ${x/"b"/Q} ${x//[ab]/_} ${x/?c/_} ${x//[!a]/-} ${x//}')).toBe('aW aXYcaXYc aQcabc __c__c a_abc a--a-- abcabc\n')
  })
  it('a pattern without * is tried at its one length: ${x//?/abcd} over 300,000 characters is linear', () => {
    expect(run('x=$(printf "%*s" 300000 ""); y=${x//?/abcd}; echo ${#y}')).toBe('1200000\n')
  })
})
