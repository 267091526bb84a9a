import type { Command } from '../src/core/command.ts';
import { compareText } from '../src/core/compare-text.ts';
import { analyze } from './analyze.ts';
import { canaryStatus } from './canary-status.ts';
import { clusters } from './clusters.ts';
import { configDump } from './config-dump.ts';
import { endpoints } from './endpoints.ts';
import { makeHelp } from './help.ts';
import { labels } from './labels.ts';
import { listeners } from './listeners.ts';
import { routes } from './routes.ts';
import { secrets } from './secrets.ts';
import { tlsCheck } from './tls-check.ts';
import { whyNotInjected } from './why-not-injected.ts';

/** The command registry: a sorted list, nothing else. */
export const commands: readonly Command[] = [
  makeHelp(() => commands),
  whyNotInjected,
  listeners,
  routes,
  clusters,
  endpoints,
  secrets,
  configDump,
  tlsCheck,
  labels,
  analyze,
  canaryStatus,
].sort((a, b) => compareText(a.name, b.name));
