// The version a binary was built as. isolab's executables are one program line
// followed by notes (src/host/rootfs.ts): `version=1.1.11` stands in for the
// version string Go and C programs link into their binary.
import type { Sys } from '../../libc/index.ts'
import { readFile } from './io.ts'

/** The version note of the executable at `path` (e.g. /proc/self/exe, /usr/bin/runc), or undefined. */
export function* binaryVersion(path: string): Sys<string | undefined> {
  const data = yield* readFile(path)
  if (typeof data === 'number') return undefined
  return /^version=(.+)$/m.exec(data)?.[1]
}
