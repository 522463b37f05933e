// A row runs in its own Node process (fresh heap, fresh JIT, its own peak RSS): the parent
// forks it with its arguments as JSON and receives its results over IPC.
import { fork } from 'node:child_process';

/** In a row script: runs `work(args)` and sends what it returns to the parent. */
export async function rowMain(work) {
  const args = JSON.parse(process.argv[2] ?? '{}');
  try {
    const results = await work(args);
    process.send?.({ ok: true, results });
  } catch (error) {
    const cause = error?.cause ? ` (cause: ${error.cause?.message ?? error.cause})` : '';
    const text = error instanceof Error ? `${error.message}${cause}\n${error.stack ?? ''}` : String(error);
    process.send?.({ ok: false, error: text });
  }
  // Give IPC a moment to flush, then leave whatever handles the row left open.
  setTimeout(() => process.exit(0), 50).unref();
  process.disconnect?.();
}

/** In the parent: forks a row script and resolves with its results (or rejects). */
export function runChild(script, args, { execArgv = [], timeoutMs = 30 * 60_000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(script, [JSON.stringify(args)], {
      execArgv,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let answer;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish in ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('message', (message) => (answer = message));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.ok) resolve(answer.results);
      else if (answer) reject(new Error(answer.error));
      else reject(new Error(`${script} exited (${signal ?? code}) without an answer`));
    });
  });
}
