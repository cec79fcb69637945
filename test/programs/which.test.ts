// which(1) of debianutils (/usr/bin/which, the sh script): "which returns the pathnames of the files (or links)
// which would be executed in the current environment"; -a prints all matching pathnames; "0 if all specified
// commands are found and executable, 1 if one or more specified commands is nonexistent or not executable,
// 2 if an invalid option is specified" (which(1) EXIT STATUS).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('which', () => {
  it('prints the first PATH match; -a prints every one, in PATH order', () => {
    expect(run('which ls; echo $?').stdout).toBe('/bin/ls\n0\n')
    // A symbolic link counts as its target does ("the pathnames of the files (or links)").
    const r = run('mkdir -p /opt/a /opt/b; ln -s /bin/ls /opt/a/tool; ln -s /bin/cat /opt/b/tool; PATH=/opt/a:/opt/b /usr/bin/which tool; PATH=/opt/a:/opt/b /usr/bin/which -a tool')
    expect(r.stdout).toBe('/opt/a/tool\n/opt/a/tool\n/opt/b/tool\n')
  })

  it('exits 1 if any name is not found (still printing the others), and with no name at all', () => {
    expect(run('which nope ls; echo $?').stdout).toBe('/bin/ls\n1\n')
    expect(run('which; echo $?').stdout).toBe('1\n')
  })

  it('skips files that are not executable or not regular; a name with a slash is tested as it is', () => {
    const r = run('mkdir /opt/x; echo hi > /opt/x/plain; ln -s /etc/hostname /opt/x/link; mkdir /opt/x/dir; PATH=/opt/x:/bin /usr/bin/which plain dir link; echo $?; which /bin/ls /etc/hostname; echo $?')
    expect(r.stdout).toBe('1\n/bin/ls\n1\n')
  })

  it('an empty PATH entry is the current directory; a bad option prints the usage and exits 2', () => {
    expect(run('cd /bin; PATH=/nope: /usr/bin/which ls').stdout).toBe('./ls\n')
    const bad = run('which -z ls; echo $?')
    expect(bad.stdout).toBe('Usage: /usr/bin/which [-a] args\n2\n')
    expect(bad.stderr).toBe('Illegal option -z\n')
  })
})
