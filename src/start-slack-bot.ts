import type { Config } from './config.ts';
import type { CommandContext } from './core/command.ts';
import { MeshdocError } from './errors.ts';

/** Starts the Slack bot (wired to src/slack/ once that adapter lands). */
export async function startSlackBot(
  _config: Config,
  _mode: 'socket' | 'http',
  _ctx: CommandContext,
  _source: string,
): Promise<void> {
  throw new MeshdocError('internal', 'The Slack adapter is not wired yet.');
}
