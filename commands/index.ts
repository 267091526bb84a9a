import type { Command } from '../src/core/command.ts';
import { makeHelp } from './help.ts';
import { whyNotInjected } from './why-not-injected.ts';

/** The command registry: a sorted list, nothing else. */
export const commands: readonly Command[] = [makeHelp(() => commands), whyNotInjected].sort((a, b) =>
  a.name.localeCompare(b.name),
);
