// Writes scenarios/schema.json from the zod schema (src/labs/schema.ts).
// test/labs/schema.test.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs'
import { labJsonSchema } from '../src/labs/schema.ts'

writeFileSync(new URL('../scenarios/schema.json', import.meta.url), JSON.stringify(labJsonSchema(), null, 2) + '\n')
