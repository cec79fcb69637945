// The labs tests are split by topic (labs-<topic>.test.ts): every file under
// scenarios/ belongs to exactly one topic, and every topic has its test file,
// so a new file is never left unplayed.
import { existsSync } from 'node:fs'
import { expect, it } from 'vitest'
import { FILES, TOPICS } from './play-files.ts'

it('every scenario file is played by exactly one topic', () => {
  const unplayed = FILES.filter((f) => Object.values(TOPICS).filter((inTopic) => inTopic(f)).length !== 1)
  expect(unplayed).toEqual([])
  expect(FILES.length).toBeGreaterThanOrEqual(40)
})

it('every topic has its test file', () => {
  for (const t of Object.keys(TOPICS)) expect(existsSync(new URL(`./labs-${t}.test.ts`, import.meta.url)), t).toBe(true)
})
