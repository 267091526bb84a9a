import type { CommonOptions } from '../core/command.ts';
import type { ObjectRef } from '../core/finding.ts';
import { type PodTarget, parseInjectionTarget } from '../core/target.ts';
import { UsageError } from '../errors.ts';
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

/** The optional `<pod>` positional of a proxy command; Envoy runs in pods, never in workloads. */
export function parseProxyPod(
  raw: string | undefined,
  options: Pick<CommonOptions, 'namespace'>,
  defaultNamespace: string,
  usage: string,
): PodTarget | undefined {
  if (!raw) return undefined;
  const parsed = parseInjectionTarget(raw, options.namespace, defaultNamespace);
  if (!parsed.ok) throw new UsageError(parsed.error, usage);
  if (parsed.value.kind !== 'pod')
    throw new UsageError(`Envoy runs in pods: name a pod, not a ${parsed.value.kind}.`, usage);
  return parsed.value;
}

/** Only the endpoints table can use Envoy's /clusters output; everything else needs a config dump. */
export function requireConfigDump(dump: ConfigDump, what: string): void {
  if (dump.format === 'clusters') {
    throw badDump(
      `This file is Envoy's /clusters output, not a config dump: it has no ${what}. Only \`endpoints\` reads it.`,
    );
  }
}
