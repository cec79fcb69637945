// bash's command hash table. bash(1) COMMAND EXECUTION: a command name that is
// no function or builtin and has no slash is looked up in a table of remembered
// full paths first, and only on a miss searched in $PATH; the path found is
// remembered. bash(1) SHELL BUILTIN COMMANDS: hash [-lr] [-p filename] [-dt]
// [name]. The expected texts are bash 5.2's (builtins/hash.def, type.def,
// hashlib.c), checked against GNU bash 5.2.15 with its /usr/bin where this
// machine has /bin.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('bash command hash table', () => {
  it('remembers the path a $PATH search found, with one hit; each later use is a hit, not a search', () => {
    const r = run('hash; ls / >/dev/null; hash; ls / >/dev/null; hash')
    expect(r.stdout).toBe('hash: hash table empty\nhits\tcommand\n   1\t/bin/ls\nhits\tcommand\n   2\t/bin/ls\n')
  })

  it('type says "is hashed"; type, command -v and hash -t are lookups that count a hit (phash_search)', () => {
    const r = run('ls >/dev/null; ls >/dev/null; type ls; hash -t ls; command -v ls; type -P ls; type -t ls; hash')
    expect(r.stdout).toBe('ls is hashed (/bin/ls)\n/bin/ls\n/bin/ls\n/bin/ls\nfile\nhits\tcommand\n   7\t/bin/ls\n')
  })

  it('a hashed command costs no stat(2) or access(2): the search is the shell\'s, before it forks (execute_disk_command)', () => {
    const r = run('strace -f -e trace=newfstatat,access,clone bash -c "ls / >/dev/null; ls / >/dev/null" 2>&1')
    const lines = r.stdout.split('\n').map((l) => l.replace(/^\[pid\s+\d+\] /, ''))
    // the five directories of PATH before /bin stat'ed, then /bin/ls and access(X_OK), once, before the shell's first clone
    expect(lines.filter((l) => /^(newfstatat|access)\(.*\/ls"/.test(l))).toEqual([
      ...['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin'].map((d) => expect.stringMatching(new RegExp(`^newfstatat\\(AT_FDCWD, "${d}/ls", .*ENOENT`))),
      expect.stringMatching(/^newfstatat\(AT_FDCWD, "\/bin\/ls", \{st_mode=S_IFREG/),
      expect.stringMatching(/^access\("\/bin\/ls", X_OK\)\s+= 0$/),
    ])
    expect(lines.findIndex((l) => l.startsWith('access('))).toBeLessThan(lines.findIndex((l) => l.startsWith('clone(')))
    expect(lines.filter((l) => l.startsWith('clone(')).length).toBe(2)
  })

  it('hash NAME and hash -p remember with no hits; hash -l prints them as input for hash; hash -r forgets all, silently', () => {
    const r = run('hash cat; hash -p /bin/true ls; hash; hash -l; hash -r; hash; hash -l; echo "st=$?"')
    expect(r.stdout).toBe('hits\tcommand\n   0\t/bin/true\n   0\t/bin/cat\nbuiltin hash -p /bin/true ls\nbuiltin hash -p /bin/cat cat\n' +
      'hash: hash table empty\nst=0\n')
  })

  it('lists in the order of bash\'s buckets (FNV-1 of the name over 256 buckets, the newest first in a bucket, four times as many past 512)', () => {
    const names = ['ls', 'cat', 'sed', 'grep', 'head', 'tail', 'wc', 'sort']
    const r = run(`${names.map((n) => `hash -p /usr/bin/${n} ${n}`).join('; ')}; hash; for i in $(seq 600); do hash -p /usr/bin/true c$i; done; hash -l | head -4`)
    expect(r.stdout).toBe('hits\tcommand\n' + ['head', 'grep', 'tail', 'ls', 'cat', 'sort', 'sed', 'wc'].map((n) => `   0\t/usr/bin/${n}\n`).join('') +
      ['c178', 'c179', 'c170', 'c171'].map((n) => `builtin hash -p /usr/bin/true ${n}\n`).join(''))
  })

  it('any assignment to PATH empties the table (sv_path), even of the same value, and so do unset and a function\'s local PATH', () => {
    const empty = 'hash: hash table empty\n'
    expect(run('ls >/dev/null; PATH=$PATH; hash').stdout).toBe(empty)
    expect(run('ls >/dev/null; unset PATH; hash').stdout).toBe(empty)
    expect(run('f() { local PATH=/bin; ls >/dev/null; }; ls >/dev/null; f; hash').stdout).toBe(empty)
    expect(run('ls >/dev/null; PATH=/x true; hash').stdout).toBe(empty) // a builtin's temporary PATH is assigned, then restored
    expect(run('ls >/dev/null; export PATH; hash').stdout).toBe('hits\tcommand\n   1\t/bin/ls\n') // no assignment
  })

  it('a command\'s own PATH (PATH=dirs cmd) is searched without the table and nothing is remembered', () => {
    const r = run('hash -p /nope/ls ls; PATH=/bin ls -d /; PATH=/usr/bin ls; echo "st=$?"; hash -t ls')
    expect(r.stdout).toBe('/\nst=127\n/nope/ls\n')
    expect(r.stderr).toBe('bash: line 1: ls: command not found\n')
  })

  it('a subshell gets a copy of the table; what it remembers stays in it (fork)', () => {
    expect(run('(ls >/dev/null); hash').stdout).toBe('hash: hash table empty\n')
    expect(run('ls >/dev/null | cat; hash').stdout).toBe('hash: hash table empty\n')
    expect(run('ls >/dev/null; (cat </dev/null; hash)').stdout).toBe('hits\tcommand\n   1\t/bin/ls\n   1\t/bin/cat\n')
  })

  it('a remembered path that is gone is used as it is (checkhash is off by default): execve fails and names that path', () => {
    const r = run('ln -s /bin/true /tmp/t; PATH=/tmp:$PATH; t; echo "st=$?"; rm /tmp/t; t; echo "st=$?"; hash -d t; t; echo "st=$?"')
    expect(r.stdout).toBe('st=0\nst=127\nst=127\n')
    expect(r.stderr).toBe('bash: line 1: /tmp/t: No such file or directory\nbash: line 1: t: command not found\n')
  })

  it('builtins, functions and names with a slash are not hashed', () => {
    const r = run('f() { :; }; hash echo f ./x /bin/ls; echo "st=$?"; hash')
    expect(r.stdout).toBe('st=0\nhash: hash table empty\n')
  })

  it('errors: an unknown name, -t/-d without a name, a bad option, -p without its argument, -p of a directory', () => {
    const r = run('hash nosuch; echo "st=$?"; hash -t; echo "st=$?"; hash -d; echo "st=$?"; hash -x; echo "st=$?"; hash -p; echo "st=$?"; ' +
      'hash -p /usr ls; echo "st=$?"; hash -t ls; echo "st=$?"')
    expect(r.stdout).toBe('st=1\nst=1\nst=1\nst=2\nst=2\nst=1\nst=1\n')
    expect(r.stderr).toBe('bash: line 1: hash: nosuch: not found\n' +
      'bash: line 1: hash: -t: option requires an argument\n' +
      'bash: line 1: hash: -d: option requires an argument\n' +
      'bash: line 1: hash: -x: invalid option\nhash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n' +
      'bash: line 1: hash: -p: option requires an argument\nhash: usage: hash [-lr] [-p pathname] [-dt] [name ...]\n' +
      'bash: line 1: hash: /usr: Is a directory\n' +
      'bash: line 1: hash: ls: not found\n')
  })

  it('hash -d of an unknown name: not found once the table exists, silent before its first entry (phash_remove)', () => {
    expect(run('hash -d x; echo "st=$?"')).toMatchObject({ stdout: 'st=0\n', stderr: '' })
    expect(run('ls >/dev/null; hash -r; hash -d x; echo "st=$?"')).toMatchObject({ stdout: 'st=1\n', stderr: 'bash: line 1: hash: x: not found\n' })
  })

  it('hash -t with several names prints NAME<tab>PATH; exec and command use the table too', () => {
    const r = run('ls >/dev/null; cat </dev/null; hash -t ls cat; hash -p /bin/hostname ls; command ls; (exec ls)')
    expect(r.stdout).toBe('ls\t/bin/ls\ncat\t/bin/cat\nhost\nhost\n')
  })
})

// bash(1) SHELL BUILTIN COMMANDS, set: "-h  Remember the location of commands as they are looked up for
// execution. This is enabled by default." (-o hashall). builtins/hash.def: with hashing off, hash is an
// error ("hashing disabled") before it reads its options; hashcmd.c: phash_search and phash_insert do nothing.
describe('set +h (hashall off): no command is remembered', () => {
  it('hash says "hashing disabled" (status 1), whatever its options; type finds the file in $PATH, not hashed', () => {
    const r = run('set +h; ls >/dev/null; hash; echo "st=$?"; hash -r; echo "st=$?"; hash -p /bin/true t; echo "st=$?"; type ls')
    expect(r.stdout).toBe('st=1\nst=1\nst=1\nls is /bin/ls\n')
    expect(r.stderr).toBe('bash: line 1: hash: hashing disabled\n'.repeat(3))
  })
  it('set -h again: what was looked up meanwhile was not remembered, and what was remembered before kept its hits', () => {
    const r = run('ls >/dev/null; set +h; ls >/dev/null; cat </dev/null; set -h; hash')
    expect(r.stdout).toBe('hits\tcommand\n   1\t/bin/ls\n')
  })
  it('set -o hashall / set +o hashall are the same switch; $- has h only while it is on; bash +h starts with it off', () => {
    const r = run('echo $-; set +o hashall; echo $-; set -o | grep hashall; set -o hashall; echo $-; bash +h -c \'echo $-; hash\'')
    expect(r.stdout).toBe('hBc\nBc\nhashall        \toff\nhBc\nBc\n')
    expect(r.stderr).toBe('bash: line 1: hash: hashing disabled\n')
  })
  it('a subshell inherits the switch (fork copies the flag)', () => {
    expect(run('set +h; (hash)').stderr).toBe('bash: line 1: hash: hashing disabled\n')
  })
  it('with hashing off, a file gone from its directory is simply searched again in $PATH', () => {
    const r = run('mkdir /tmp/a /tmp/b; ln -s /bin/true /tmp/a/t; ln -s /bin/hostname /tmp/b/t; PATH=/tmp/a:/tmp/b:$PATH; set +h; t; rm /tmp/a/t; t')
    expect(r).toMatchObject({ stdout: 'host\n', stderr: '' })
  })
})

// bash(1) shopt: "checkhash  If set, bash checks that a command found in the hash table exists before trying
// to execute it. If a hashed command no longer exists, a normal path search is performed." findcmd.c
// search_for_command: a remembered path whose file_status lacks FS_EXISTS|FS_EXECABLE is removed, and with
// checkhash on only an executable file is put into the table.
describe('shopt -s checkhash: a remembered command that is gone is searched in $PATH again', () => {
  const setup = 'mkdir /tmp/a /tmp/b; ln -s /bin/true /tmp/a/t; ln -s /bin/hostname /tmp/b/t; PATH=/tmp/a:/tmp/b:$PATH; '
  it('off (the default): the remembered /tmp/a/t is run after it is removed, and fails', () => {
    const r = run(setup + 't; rm /tmp/a/t; t; echo "st=$?"; hash -t t')
    expect(r.stdout).toBe('st=127\n/tmp/a/t\n')
    expect(r.stderr).toBe('bash: line 1: /tmp/a/t: No such file or directory\n')
  })
  it('on: the next directory\'s t runs and is remembered in its place (with a fresh count)', () => {
    const r = run(setup + 'shopt -s checkhash; t; rm /tmp/a/t; t; echo "st=$?"; hash')
    expect(r.stdout).toBe('host\nst=0\nhits\tcommand\n   1\t/tmp/b/t\n   1\t/bin/rm\n')
    expect(r.stderr).toBe('')
  })
  it('on: a file that exists but is not executable is no hit either', () => {
    const r = run(setup + 'shopt -s checkhash; hash -p /etc/hostname t; t; hash -t t')
    expect(r).toMatchObject({ stdout: '/tmp/a/t\n', stderr: '' })
  })
  it('on: a command found only as a file without execute permission is not remembered (off: it is)', () => {
    const s = 'mkdir /tmp/c; touch /tmp/c/u; PATH=/tmp/c:$PATH; '
    expect(run(s + 'u; hash -t u').stdout).toBe('/tmp/c/u\n')
    const r = run(s + 'shopt -s checkhash; u; echo "st=$?"; hash -t u')
    expect(r.stdout).toBe('st=126\n')
    expect(r.stderr).toBe('bash: line 1: /tmp/c/u: Permission denied\nbash: line 1: hash: u: not found\n')
  })
})
