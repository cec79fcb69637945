// Runs the bundled CLI (build/isolab.js, made by build-cli.mjs) with V8's code
// cache. Compiling 2 MB of JavaScript was most of `isolab sh -c true`'s own
// start-up; with the cache V8 deserializes the bytecode of what an earlier run
// compiled instead (node:vm's cachedData, as Node's own compile cache does for
// modules in Node 22). The first run, or one whose cache V8 rejects (another
// Node version or V8 flags), writes the cache when its command is done.
import { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Script } from 'node:vm'
import { Buffer } from 'node:buffer'

export const BUNDLE = join(fileURLToPath(new URL('..', import.meta.url)), 'build', 'isolab.js')

/** V8 checks a cache against the source's length only: the key ties it to this very build of the bundle. */
const KEY_BYTES = 64

/** The bundle's `main(argv)` (resolves to the exit status). */
export function loadCli(file = BUNDLE) {
  // Size and mtime of the very file read (a rebuild may replace it meanwhile).
  const fd = openSync(file, 'r')
  const st = fstatSync(fd)
  const source = readFileSync(fd, 'latin1') // the build keeps the bundle ASCII: no UTF-8 decoding
  closeSync(fd)
  const key = `isolab ${process.version} ${st.size} ${st.mtimeMs}`.padEnd(KEY_BYTES)
  const cacheFile = file + '.cache'
  let cachedData
  try {
    const buf = readFileSync(cacheFile)
    if (buf.subarray(0, KEY_BYTES).toString('latin1') === key) cachedData = buf.subarray(KEY_BYTES)
  } catch {
    // no cache yet
  }
  const script = new Script(source, { filename: file, cachedData })
  const module = { exports: {} }
  // The bundle is one function expression (see build-cli.mjs): the CommonJS wrapper's parameters, and import.meta.url.
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), pathToFileURL(file).href)
  const { main } = module.exports
  if (cachedData && !script.cachedDataRejected) return main
  return async (argv) => {
    const status = await main(argv)
    saveCache(cacheFile, key, script)
    return status
  }
}

/** Written whole under a temporary name, then renamed: a concurrent run reads the old cache or the new one. */
function saveCache(cacheFile, key, script) {
  const tmp = `${cacheFile}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]))
    renameSync(tmp, cacheFile)
  } catch {
    rmSync(tmp, { force: true }) // a read-only install runs without the cache
  }
}
