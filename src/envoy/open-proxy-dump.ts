import type { ObjectRef } from '../core/finding.ts';
import { badDump } from './bad-dump.ts';
import type { ConfigDump } from './config-dump.ts';

// Loading lives in the evidence layer (src/gatherers/envoy/gather-proxy-dump.ts): this file keeps
// the pure parts the proxy commands share, so src/envoy never imports a gatherer.

export type OpenedDump = {
  dump: ConfigDump;
  /** For the report: `files:<path>` or the kube context. */
  cluster: string;
  target: string;
  /** Findings are about the pod when one was named, else about the dump file. */
  subject: ObjectRef;
};

/** Only the endpoints table can use Envoy's /clusters output; everything else needs a config dump. */
export function requireConfigDump(dump: ConfigDump, what: string): void {
  if (dump.format === 'clusters') {
    throw badDump(
      `This file is Envoy's /clusters output, not a config dump: it has no ${what}. Only \`endpoints\` reads it.`,
    );
  }
}
