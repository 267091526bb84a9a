import type { Logger } from 'pino';
import { logLevels } from './config.ts';
import { internalErrorWithReference, type MeshdocError, newReference } from './errors.ts';

export type LogLevel = (typeof logLevels)[number];
const rank: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/**
 * The CLI's and the console's log: pino JSON lines on stderr. pino is loaded only when a line is
 * actually written (the CLI's start-up stays light, issue 9); at the default level `warn` a
 * normal run writes nothing.
 */
export type LocalLog = {
  readonly level: LogLevel;
  write(level: Exclude<LogLevel, 'silent'>, fields: Record<string, unknown>, message: string): Promise<void>;
};

/** `--debug` wins, then MESHDOC_LOG_LEVEL, then `warn`, so normal output stays clean. */
export function localLogLevel(env: NodeJS.ProcessEnv, debug: boolean): LogLevel {
  if (debug) return 'debug';
  const fromEnv = env.MESHDOC_LOG_LEVEL?.trim().toLowerCase();
  return logLevels.find((l) => l === fromEnv) ?? 'warn';
}

export function createLocalLog(level: LogLevel, stderr: (s: string) => void): LocalLog {
  let logger: Promise<Logger> | undefined;
  const open = async (): Promise<Logger> => {
    const { default: pino } = await import('pino');
    return pino({ level, base: { name: 'meshdoc' } }, { write: (line: string) => stderr(line) });
  };
  return {
    level,
    async write(at, fields, message) {
      if (rank[at] < rank[level]) return;
      logger ??= open();
      (await logger)[at](fields, message);
    },
  };
}

/**
 * What the user is shown for a failed command, after logging it. An internal error (a bug): its
 * cause and stack go to the log under a new reference; the user gets one sentence naming that
 * reference, never the stack. Any other error is shown as it is; its cause (an API response, an
 * errno) is logged at debug, for `--debug`.
 */
export async function logCommandError(
  log: LocalLog,
  error: MeshdocError,
  where: Record<string, unknown>,
): Promise<MeshdocError> {
  if (error.code !== 'internal') {
    if (error.cause !== undefined)
      await log.write('debug', { err: error.cause, code: error.code, ...where }, 'command could not answer');
    return error;
  }
  const reference = newReference();
  await log.write('error', { err: error.cause ?? error, reference, ...where }, 'command failed internally');
  return internalErrorWithReference(reference);
}
