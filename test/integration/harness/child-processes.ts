import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

export type Child = { name: string; process: ChildProcess; logFile: string; spawnError?: Error };

const running = new Set<Child>();

// Every child runs in its own process group (detached) so that stopping kills the whole tree,
// and a process exit (normal, error or Ctrl-C) never leaves an apiserver behind.
function killAll(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
}
process.once('exit', killAll);
const onSignal = () => {
  killAll();
  process.exit(130);
};
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
for (const signal of signals) process.once(signal, onSignal);

/**
 * For a long-running owner of the children (scripts/local-cluster.ts): its own signal handler stops
 * them in order and cleans up before exiting. The default handler here would SIGKILL them and exit
 * at once, before that clean-up (etcd's data directory in /dev/shm) had run. The exit hook stays,
 * so nothing outlives the process either way.
 */
export function leaveSignalsToCaller(): void {
  for (const signal of signals) process.off(signal, onSignal);
}

function killGroup(child: Child, signal: NodeJS.Signals): void {
  if (child.process.pid === undefined || child.process.exitCode !== null) return;
  try {
    process.kill(-child.process.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts a long-running binary with its output in a log file. */
export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Child {
  const log = createWriteStream(opts.logFile);
  const proc = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
  });
  proc.stdout?.pipe(log);
  proc.stderr?.pipe(log);
  const child: Child = { name, process: proc, logFile: opts.logFile };
  // A missing or non-executable binary surfaces as an 'error' event; keep it for waitFor's message.
  proc.once('error', (error) => {
    child.spawnError = error;
  });
  running.add(child);
  proc.once('exit', () => running.delete(child));
  return child;
}

export async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}

/** Polls `check` until it returns true; fails with the child's log tail if it dies or time runs out. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  child: Child | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child?.spawnError) throw new Error(`${child.name} could not be started: ${child.spawnError.message}`);
    if (child && child.process.exitCode !== null) {
      throw new Error(
        `${child.name} exited (code ${child.process.exitCode}) before ${what}:\n${await tail(child.logFile)}`,
      );
    }
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${child ? `:\n${await tail(child.logFile)}` : ''}`,
  );
}

export async function tail(file: string, lines = 25): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}
