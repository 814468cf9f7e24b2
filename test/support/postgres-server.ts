import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { headOfficeConf } from '../../src/sql/index.js';
import { unusedPort } from './ports.js';

const BIN = '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

export interface PostgresServer {
  /** URL of the server's `postgres` database, as the superuser `postgres`. */
  url: string;
  /** URL of another database on this server (as createDatabase returned it on the primary, for its standby). */
  urlOf(database: string): string;
  /** A new empty database on this server; returns its URL. */
  createDatabase(): Promise<string>;
  /** Shuts the server down and removes its files; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Ends every server process at once, as a crash does: no checkpoint, no clean shutdown
   * (`pg_ctl stop -m immediate`); the next start() recovers from the WAL.
   */
  crash(): Promise<void>;
  /** Starts the server again after crash(), on the same port and data. */
  start(): Promise<void>;
}

export interface PostgresOptions {
  /**
   * Durable as in production (fsync, synchronous_commit and full_page_writes on) instead of
   * the fast throwaway settings: for crash tests, where a commit acknowledged must survive.
   */
  durable?: boolean;
  /**
   * With the settings head office runs with (HEAD_OFFICE_SETTINGS: a larger cache, checkpoints
   * far apart, compressed full-page images), as the head office benches' clusters do.
   */
  headOffice?: boolean;
  /**
   * Start as a hot standby of this server instead of a new cluster: a base backup of it
   * (pg_basebackup -R) that streams its changes and takes read-only queries.
   */
  standbyOf?: PostgresServer;
  /**
   * Keep the cluster in this directory instead of a temporary one: stop() leaves it there, and
   * a later start on the same directory reuses the cluster in it (a benchmark's cached data).
   */
  dir?: string;
}

/** A TCP port nothing listens on now (for a server a test starts). */
export const freePort = unusedPort;

/**
 * A throwaway PostgreSQL 15 cluster on 127.0.0.1 at a free port, trusting local connections.
 * PostgreSQL refuses to run as root, so under root it runs as the `postgres` user.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'pg_ctl'))) {
    throw new Error(`PostgreSQL 15 is not installed (no initdb/pg_ctl in ${BIN}); install it with: apt-get install -y postgresql-15`);
  }
  const asRoot = process.getuid?.() === 0;
  const kept = options.dir !== undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'reissue-pg-'));
  mkdirSync(dir, { recursive: true });
  const data = join(dir, 'data');
  const reused = kept && existsSync(join(data, 'PG_VERSION'));
  const remove = () => {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  };
  const log = join(dir, 'server.log');
  // cwd is the temp dir because the postgres user may not be allowed into the caller's.
  const asServer = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args], { cwd: dir }) : run(join(BIN, tool), args, { cwd: dir });

  let started = false;
  let stopped = false;
  const onExit = () => {
    // Last resort if the test process exits without afterAll: stop the server it left behind.
    if (started) {
      try {
        execFileSync(asRoot ? 'runuser' : join(BIN, 'pg_ctl'), [...(asRoot ? ['-u', 'postgres', '--', join(BIN, 'pg_ctl')] : []), 'stop', '-D', data, '-m', 'immediate', '-w'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    remove();
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    try {
      // A kept cluster is stopped cleanly (a checkpoint), so the next start need not recover.
      if (started) await asServer('pg_ctl', ['stop', '-D', data, '-m', kept ? 'fast' : 'immediate', '-w']);
    } finally {
      remove();
    }
  };
  process.on('exit', onExit);

  try {
    if (asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, id('-u'), id('-g'));
    }
    const port = await freePort();
    // A cluster kept from an earlier run keeps its data and settings; only the port and socket below are new.
    if (!reused && options.standbyOf) {
      const primary = new URL(options.standbyOf.url);
      // -R writes standby.signal and primary_conninfo: it starts as a streaming hot standby.
      await asServer('pg_basebackup', ['-D', data, '-h', primary.hostname, '-p', primary.port, '-U', 'postgres', '-R', '-X', 'stream', '--no-sync', '-c', 'fast']);
    } else if (!reused) {
      await asServer('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', ...(options.durable ? [] : ['--no-sync'])]);
    }
    // Durability does not matter for a throwaway cluster, speed does; a crash test asks for it.
    const durability = options.durable ? 'fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n' : 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n';
    // Appended at every start; the last line of a setting wins.
    appendFileSync(join(data, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\n${durability}${options.headOffice ? headOfficeConf() : ''}`);
    const start = async () => {
      started = true;
      await asServer('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60']).catch((error: Error) => {
        const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no log)';
        throw new Error(`PostgreSQL did not start: ${error.message}\n${tail}`);
      });
    };
    await start();
    const base = `postgres://postgres@127.0.0.1:${port}`;
    let n = 0;
    return {
      url: `${base}/postgres`,
      urlOf: (database) => `${base}/${database}`,
      stop,
      start,
      crash: async () => {
        await asServer('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      },
      createDatabase: async () => {
        const name = `reissue_${process.pid}_${++n}`;
        const admin = new pg.Client({ connectionString: `${base}/postgres` });
        await admin.connect();
        try {
          await admin.query(`CREATE DATABASE ${name}`);
        } finally {
          await admin.end();
        }
        return `${base}/${name}`;
      },
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
