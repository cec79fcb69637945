// postgres of the postgres image, with its docker-entrypoint.sh folded in (as
// nginx's is): without POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)
// an empty data directory is refused with the entrypoint's message and status
// 1; otherwise initdb's report, then the server's log lines, a listener on
// port 5432, and the shutdown lines on the image's STOPSIGNAL (SIGINT: fast
// shutdown) or SIGTERM (smart shutdown). A data directory that holds a
// PG_VERSION (a volume from an earlier run) skips initialisation.
// SIMPLIFICATION: no SQL and no wire protocol: connections are accepted and
// closed; initdb writes only PG_VERSION; no temporary server during init.
import { AF_INET, CLOCK_REALTIME, O_CREAT, O_TRUNC, O_WRONLY, SIG, SOCK_STREAM, type Program } from '../../../../kernel-sim/abi/index.ts'
import { accept, bind, clockGettime, close, err, getenv, getpid, listen, mkdir, open, out, sigaction, sigtake, socket, writeAll, type Sys } from '../../../libc/index.ts'
import { readFile } from '../../lib/io.ts'
import { civil } from '../../lib/time.ts'
import type { ProgramInfo } from '../../lib/types.ts'

const PORT = 5432
const p2 = (n: number) => String(n).padStart(2, '0')

// docker-library/postgres docker-entrypoint.sh, docker_verify_minimum_env.
const NO_PASSWORD = `Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
`

const initdb = (pgdata: string) => `The files belonging to this database system will be owned by user "postgres".
This user must also own the server process.

The database cluster will be initialized with locale "en_US.utf8".
The default database encoding has accordingly been set to "UTF8".
The default text search configuration will be set to "english".

Data page checksums are disabled.

fixing permissions on existing directory ${pgdata} ... ok
creating subdirectories ... ok
selecting dynamic shared memory implementation ... posix
selecting default "max_connections" ... 100
selecting default "shared_buffers" ... 128MB
selecting default time zone ... Etc/UTC
creating configuration files ... ok
running bootstrap script ... ok
performing post-bootstrap initialization ... ok
syncing data to disk ... ok


Success. You can now start the database server using:

    pg_ctl -D ${pgdata} -l logfile start


PostgreSQL init process complete; ready for start up.

`

/** log_line_prefix '%m [%p] ': "2026-12-07 16:20:01.234 UTC [1] ". */
function* prefix(pid: number): Sys<string> {
  const c = civil(yield* clockGettime(CLOCK_REALTIME))
  return `${c.year}-${p2(c.month)}-${p2(c.day)} ${p2(c.hour)}:${p2(c.min)}:${p2(c.sec)}.${String(Math.floor(c.nsec / 1e6)).padStart(3, '0')} UTC [${pid}] `
}

function* mkdirs(path: string): Sys<void> {
  let p = ''
  for (const part of path.split('/').filter(Boolean)) yield* mkdir(p += `/${part}`, 0o700)
}

const STOP: Record<number, string[]> = {
  [SIG.SIGINT]: ['received fast shutdown request', 'aborting any active transactions', 'shutting down', 'database system is shut down'],
  [SIG.SIGTERM]: ['received smart shutdown request', 'shutting down', 'database system is shut down'],
}

function* main(_argv: readonly string[], envp: readonly string[]): Program {
  const pgdata = getenv(envp, 'PGDATA') ?? '/var/lib/postgresql/data'
  const version = getenv(envp, 'PG_VERSION') ?? '17.0-1.pgdg120+1'
  const major = version.split('.')[0]!
  const initialised = typeof (yield* readFile(`${pgdata}/PG_VERSION`)) === 'string'
  if (!initialised) {
    if (!getenv(envp, 'POSTGRES_PASSWORD') && getenv(envp, 'POSTGRES_HOST_AUTH_METHOD') !== 'trust') { yield* err(NO_PASSWORD); return 1 }
    yield* mkdirs(pgdata)
    const fd = yield* open(`${pgdata}/PG_VERSION`, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if (fd < 0) { yield* err(`initdb: error: could not create directory "${pgdata}": Permission denied\n`); return 1 }
    yield* writeAll(fd, `${major}\n`)
    yield* close(fd)
    yield* out(initdb(pgdata))
  } else {
    yield* out('\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n')
  }
  const pid = yield* getpid()
  const log = function* (text: string): Sys<void> { yield* err(`${yield* prefix(pid)}LOG:  ${text}\n`) }
  const s = yield* socket(AF_INET, SOCK_STREAM)
  if (s < 0) return 1
  const b = yield* bind(s, { family: 'inet', addr: '0.0.0.0', port: PORT })
  if (b < 0) {
    yield* log(`could not bind IPv4 address "0.0.0.0": Address already in use`)
    yield* err(`${yield* prefix(pid)}FATAL:  could not create any TCP/IP sockets\n`)
    return 1
  }
  yield* listen(s, 244)
  for (const sig of Object.keys(STOP)) yield* sigaction(Number(sig), 'catch')
  const v = version.replace(/-.*$/, '')
  yield* log(`starting PostgreSQL ${v} (Debian ${version}) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`)
  // SIMPLIFICATION: no IPv6 listener (the machine's network is IPv4 only).
  yield* log(`listening on IPv4 address "0.0.0.0", port ${PORT}`)
  yield* log(`listening on Unix socket "/var/run/postgresql/.s.PGSQL.${PORT}"`)
  yield* log('database system is ready to accept connections')
  for (;;) {
    const c = yield* accept(s)
    if (c >= 0) yield* close(c)
    const sigs = yield* sigtake()
    const sig = typeof sigs === 'number' ? undefined : sigs.find((n) => STOP[n])
    if (sig === undefined) continue
    for (const line of STOP[sig]!) yield* log(line)
    return 0
  }
}

export const postgres: ProgramInfo = {
  name: 'postgres', path: '/usr/lib/postgresql/17/bin/postgres', description: "the postgres image's server (entrypoint folded in: initdb, log lines, port 5432; no SQL)", main, imageOnly: true,
}
