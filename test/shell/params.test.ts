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

describe('removing a prefix or suffix (bash(1) "Parameter Expansion": ${parameter#word} ${parameter##word} ${parameter%word} ${parameter%%word})', () => {
  const run = (s: string) => new Machine().runScript(s).stdout
  it('"#" removes the shortest matching prefix, "##" the longest; "%" the shortest suffix, "%%" the longest', () => {
    expect(run('x=a/b/c.tar.gz; echo ${x#*/} ${x##*/} ${x%/*} ${x%%/*} ${x%.*} ${x%%.*} ${x#a} ${x%q}')).toBe('b/c.tar.gz c.tar.gz a/b a a/b/c.tar a/b/c /b/c.tar.gz a/b/c.tar.gz\n')
  })
  it('a trailing * (for # ##) or a leading * (for % %%) matches any rest: ${x#*} and ${x%*} remove nothing, ${x##*} and ${x%%*} everything', () => {
    expect(run('x=abcabc; echo "[${x#*}] [${x##*}] [${x%*}] [${x%%*}] [${x#b*}] [${x##a*}] [${x#*b*}] [${x%%*b*}] [${x%%*c}]"')).toBe('[abcabc] [] [abcabc] [] [abcabc] [] [cabc] [] []\n')
  })
  it('patterns with ?, brackets, quoted and escaped stars, and patterns that match nowhere', () => {
    expect(run('x="a*b*c"; echo "${x#??} ${x%[bc]} ${x#*[*]} ${x##*\\*} ${x%"*"*} ${x%%\\**} ${x#*z} ${x%z*} ${x#"$x"}|"')).toBe('b*c a*b* b*c c a*b a a*b*c a*b*c |\n')
  })
  it('a pattern with * inside (a*c) is tried at each length in bash order', () => {
    expect(run('x=abcabc; echo "[${x#a*c}] [${x##a*c}] [${x%a*c}] [${x%%a*c}] [${x#?*b}]"')).toBe('[abc] [] [abc] [] [cabc]\n')
  })
  it('over 300,000 characters the common shapes are linear: *P, P*, a literal, a pattern without * and a trailing or leading *', () => {
    const setup = 'x=$(printf "%*s" 150000 ""); x=${x// /a}; x="$x/$x"; echo ${#x}'
    const lens = ['${x##*/}', '${x#*/}', '${x%/*}', '${x%%/*}', '${x#*[/]}', '${x%%[/]*}', '${x#a}', '${x%a}', '${x#??}', '${x##a*}', '${x%%*a}', '${x#*z}', '${x%z*}', '${x#"$x"}', '${x%%*"$x"}']
    const script = `${setup}\n${lens.map((e) => `y=${e}; echo \${#y}`).join('\n')}`
    expect(run(script).split('\n')).toEqual(['300001', '150000', '150000', '150000', '150000', '150000', '150000', '300000', '300000', '299999', '0', '0', '300001', '300001', '0', '0', ''])
  })
})

describe('a pattern as long as a 300,000-character value (V8 refuses a regex that long: it was a JS exception, shown as a segfault)', () => {
  it('case, [[ == ]] and ${x%p} match it unit by unit', () => {
    const script = [
      'x=$(printf "%*s" 150000 ""); x=${x// /a}; x="$x/$x"; y=${x%?}',
      'case $x in "$x") echo case;; esac',
      '[[ $x == "$x" ]] && echo equal',
      '[[ $x == "$y"? ]] && echo y-then-one',
      '[[ $x == "$y" ]] || echo not-y',
      '[[ $x == *"${y#a}"* ]] && echo inside',
      'z=${x%"$y"*}; echo "[$z]"',
    ].join('\n')
    const r = new Machine().runScript(script)
    expect(r.stdout + r.stderr).toBe('case\nequal\ny-then-one\nnot-y\ninside\n[]\n')
    expect(r.status).toBe(0)
  })
})
