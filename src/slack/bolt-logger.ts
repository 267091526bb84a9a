import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

const fromPino: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/** Bolt, the Web API client and Socket Mode all log through this, so every line ends up in pino. */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  // Formatting only happens for enabled levels: Bolt and Socket Mode log every payload at debug.
  const log = (level: 'debug' | 'info' | 'warn' | 'error', msg: unknown[]) => {
    if (child.isLevelEnabled(level)) child[level](msg.map(show).join(' '));
  };
  return {
    debug: (...msg: unknown[]) => log('debug', msg),
    info: (...msg: unknown[]) => log('info', msg),
    warn: (...msg: unknown[]) => log('warn', msg),
    error: (...msg: unknown[]) => log('error', msg),
    // Bolt calls setLevel with its own default (INFO) at start; pino's level, set from config, wins.
    setLevel: () => {},
    getLevel: () => fromPino[child.level] ?? LogLevel.ERROR,
    setName: (name: string) => {
      child = logger.child({ component: name });
    },
  };
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
