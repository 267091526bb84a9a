import { access, constants } from 'node:fs/promises';
import { type Child, startChild, stopChild, tail, waitFor } from './child-processes.ts';

/** A controller binary running against the test API server (Flagger, Argo Rollouts). */
export type RunningController = {
  /** Its log, for failure messages. */
  logFile: string;
  child: Child;
  /** The last `lines` lines of the log. */
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Starts a controller built by scripts/build-cluster and resolves once its health URL answers.
 * A missing binary is an error naming the script (never a skip); an exit or no health within
 * `timeoutMs` fails with the log's tail (waitFor) and leaves no process behind.
 */
export async function runController(options: {
  name: string;
  binary: string;
  /** What scripts/build-cluster builds it from, for the missing-binary message. */
  builtFrom: string;
  args: readonly string[];
  logFile: string;
  env?: Record<string, string>;
  healthUrl: string;
  timeoutMs: number;
}): Promise<RunningController> {
  try {
    await access(options.binary, constants.X_OK);
  } catch {
    throw new Error(
      `${options.binary} is missing or not executable: run scripts/build-cluster, which builds ${options.builtFrom}.`,
    );
  }
  const child = startChild(options.name, options.binary, [...options.args], {
    logFile: options.logFile,
    ...(options.env ? { env: options.env } : {}),
  });
  try {
    await waitFor(
      `${options.name} health`,
      async () => (await fetch(options.healthUrl)).ok,
      child,
      options.timeoutMs,
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    logFile: options.logFile,
    child,
    logTail: (lines = 40) => tail(options.logFile, lines),
    stop: () => stopChild(child),
  };
}
