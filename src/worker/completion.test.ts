import { describe, expect, it } from 'vitest'
import { complete, wantsContainer, wordAt } from './completion.ts'

const fs: Record<string, { name: string; dir: boolean }[]> = {
  '/': [{ name: 'proc', dir: true }, { name: 'etc', dir: true }, { name: 'root', dir: true }],
  '/proc': [{ name: 'sys', dir: true }, { name: 'self', dir: true }, { name: 'stat', dir: false }],
  '/root': [{ name: '.bashrc', dir: false }, { name: 'notes.txt', dir: false }],
}
const lister = { commands: () => ['echo', 'env', 'fdflood', 'ulimit'], list: (d: string) => fs[d] ?? null, cwd: () => '/root' }

describe('completion', () => {
  it('finds the word and whether it is in command position', () => {
    expect(wordAt('ec', 2)).toEqual({ word: 'ec', start: 0, isCommand: true })
    expect(wordAt('ls /pr', 6)).toMatchObject({ word: '/pr', isCommand: false })
    expect(wordAt('true && fd', 10)).toMatchObject({ word: 'fd', isCommand: true })
  })
  it('completes a unique command with a trailing space', () => {
    expect(complete(lister, 'fd', 2)).toEqual({ insert: 'flood ', candidates: ['fdflood'] })
  })
  it('offers the common prefix and all candidates when ambiguous', () => {
    expect(complete(lister, 'e', 1)).toEqual({ insert: '', candidates: ['echo', 'env'] })
  })
  it('completes absolute and relative paths, dirs with a slash', () => {
    expect(complete(lister, 'cat /pr', 7).insert).toBe('oc/')
    expect(complete(lister, 'cat /proc/s', 11).candidates).toEqual(['self/', 'stat', 'sys/'])
    expect(complete(lister, 'cat no', 6).insert).toBe('tes.txt ')
    expect(complete(lister, 'cat ../pr', 9).insert).toBe('oc/')
  })

  it('completes container names after docker exec/stop/logs…, past their options', () => {
    const withContainers = { ...lister, containers: () => ['web', 'cool_lovelace', 'worker'] }
    expect(complete(withContainers, 'docker exec -it w', 17)).toEqual({ insert: '', candidates: ['web', 'worker'] })
    expect(complete(withContainers, 'docker exec -it -u root c', 25)).toEqual({ insert: 'ool_lovelace ', candidates: ['cool_lovelace'] })
    expect(complete(withContainers, 'docker container stop we', 24).insert).toBe('b ')
    expect(complete(withContainers, 'echo hi; docker logs --tail 5 ', 30).candidates).toEqual(['cool_lovelace', 'web', 'worker'])
    // Not a container operand: the image of docker run, a second operand, another command.
    expect(wantsContainer('docker run -it ', 15)).toBe(false)
    expect(wantsContainer('docker exec web ', 16)).toBe(false)
    expect(wantsContainer('ls ', 3)).toBe(false)
    expect(complete(withContainers, 'cat /pr', 7).insert).toBe('oc/')
  })
})
