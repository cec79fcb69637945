// Container names are reserved in dockerd's name registrar (moby daemon/names.go:
// reserveName when the container is created, releaseName when it is removed;
// daemon/rename.go reserves the new name and releases the old one). So a name is
// taken exactly while a container holds it, whatever happened to it before.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script, { maxSteps: 50_000_000 })
/** docker create/run's message for a name in use (the CLI adds the period and the help hint). */
const conflict = (cmd: string, name: string) =>
  `docker: Error response from daemon: Conflict. The container name "/${name}" is already in use by container ID. ` +
  `You have to remove (or rename) that container to be able to reuse that name..\nSee 'docker ${cmd} --help'.\n`
const ids = `2>&1 | sed 's/"[0-9a-f]\\{64\\}"/ID/'`

describe('container names (the daemon\'s name registrar)', () => {
  it('rename frees the old name and takes the new one', () => {
    const r = run(`docker create --name aa alpine true >/dev/null; docker rename aa bb; ` +
      `docker create --name bb alpine true ${ids}; docker create --name aa alpine true >/dev/null && echo aa-free; ` +
      `docker ps -a --format '{{.Names}}' | sort | tr '\\n' ' '`)
    expect(r.stdout).toBe(conflict('create', 'bb') + 'aa-free\naa bb ')
  })

  it('rm and --rm free the name; a stopped container keeps it', () => {
    const r = run(`docker run --name xx alpine true; docker run --name xx alpine true ${ids}; docker rm xx >/dev/null; ` +
      `docker run --name xx alpine true && echo xx-again; docker run --rm --name yy alpine true; docker run --rm --name yy alpine true && echo yy-again`)
    expect(r.stdout).toBe(conflict('run', 'xx') + 'xx-again\nyy-again\n')
  })

  it('generated names stay unique when the word pairs run out', () => {
    // 34 adjectives x 30 names: some of 60 draws repeat a pair and get a suffix instead.
    const r = run(`for i in $(seq 60); do docker create alpine true >/dev/null; done; docker ps -aq | wc -l; ` +
      `docker ps -a --format '{{.Names}}' | sort | uniq -d | wc -l`)
    expect(r.stdout).toBe('60\n0\n')
  })
})
