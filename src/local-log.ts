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
 * normal run writes nothing. With an `errorFile`, error lines (an internal error's stack) go to
 * that file instead of the terminal, unless the user asked for debug logs on stderr.
 */
export type LocalLog = {
  readonly level: LogLevel;
  /** Where error lines are kept, when not on stderr: internal-error messages name it. */
  readonly errorFile: string | undefined;
  write(level: Exclude<LogLevel, 'silent'>, fields: Record<string, unknown>, message: string): Promise<void>;
};

/** The CLI's error log: `$XDG_STATE_HOME/meshdoc/cli.log`, else `~/.local/state/meshdoc/cli.log`. */
export function cliErrorLogPath(env: NodeJS.ProcessEnv): string | undefined {
  const { join } = process.getBuiltinModule('node:path');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'meshdoc', 'cli.log');
  return env.HOME ? join(env.HOME, '.local', 'state', 'meshdoc', 'cli.log') : undefined;
}

/** Appends one line to `file` (0600, folders made as needed); false when it cannot. */
function appendLine(file: string, line: string): boolean {
  const fs = process.getBuiltinModule('node:fs');
  const { dirname } = process.getBuiltinModule('node:path');
  try {
    fs.mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    fs.appendFileSync(file, line, { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}

/** `--debug` wins, then MESHDOC_LOG_LEVEL, then `warn`, so normal output stays clean. */
export function localLogLevel(env: NodeJS.ProcessEnv, debug: boolean): LogLevel {
  if (debug) return 'debug';
  const fromEnv = env.MESHDOC_LOG_LEVEL?.trim().toLowerCase();
  return logLevels.find((l) => l === fromEnv) ?? 'warn';
}

export function createLocalLog(level: LogLevel, stderr: (s: string) => void, errorFile?: string): LocalLog {
  // Debug logs asked for on the terminal get the error lines there too; otherwise a file keeps them.
  // `silent` keeps nothing anywhere, as before.
  const toFile = errorFile !== undefined && rank[level] > rank.debug && level !== 'silent';
  let kept = toFile;
  let logger: Promise<Logger> | undefined;
  const open = async (): Promise<Logger> => {
    const { default: pino } = await import('pino');
    return pino(
      { level: toFile ? 'trace' : level, base: { name: 'meshdoc' } },
      {
        write: (line: string) => {
          const error = /"level":(5|6)\d/.test(line.slice(0, 12));
          if (toFile && error) {
            // A file that cannot be written (read-only home): the terminal, rather than nothing.
            if (!appendLine(errorFile, line)) {
              kept = false;
              stderr(line);
            }
          } else stderr(line); // write() below lets through only lines at the chosen level
        },
      },
    );
  };
  return {
    level,
    get errorFile() {
      return kept ? errorFile : undefined;
    },
    async write(at, fields, message) {
      // Errors always reach the file; other lines only at the chosen level.
      if (rank[at] < rank[level] && !(toFile && rank[at] >= rank.error)) return;
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
  return internalErrorWithReference(reference, log.errorFile);
}
