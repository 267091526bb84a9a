import { basename } from 'node:path';
import type { CommandContext, CommonOptions } from '../core/command.ts';
import type { ObjectRef } from '../core/finding.ts';
import { formatTarget, type PodTarget } from '../core/target.ts';
import { UsageError } from '../errors.ts';
import { liveDumpSource } from '../gatherers/envoy/live-dump-source.ts';
import { badDump } from './bad-dump.ts';
import type { ConfigDump } from './config-dump.ts';
import type { DumpRequest, DumpSource } from './dump-source.ts';
import { attachedDumpSource, fileDumpSource } from './file-dump-source.ts';

export type OpenedDump = {
  dump: ConfigDump;
  /** For the report: `files:<path>` or the kube context. */
  cluster: string;
  target: string;
  /** Findings are about the pod when one was named, else about the dump file. */
  subject: ObjectRef;
};

/**
 * Resolves `<pod>` (already parsed) and `--file` into a loaded dump. With --file the pod is
 * optional and only names the target; without it the pod's Envoy is read live through the API server.
 */
export async function openProxyDump(
  pod: PodTarget | undefined,
  file: string | undefined,
  options: Pick<CommonOptions, 'context' | 'from'>,
  ctx: CommandContext,
  request: DumpRequest,
  usage: string,
): Promise<OpenedDump> {
  const target = pod ? formatTarget(pod) : undefined;
  let source: DumpSource;
  if (file) {
    source = ctx.attachments
      ? attachedDumpSource(ctx.attachments, file, target)
      : fileDumpSource(file, target);
  } else if (pod) source = await liveDumpSource(pod, ctx, options);
  else throw new UsageError('Name a pod, or give a saved dump with --file DUMP.', usage);
  const dump = await source.load(request);
  const subject: ObjectRef = pod
    ? { kind: 'Pod', namespace: pod.namespace, name: pod.name }
    : { kind: 'ConfigDump', name: file === '-' ? 'stdin' : basename(file ?? 'dump') };
  return { dump, cluster: source.cluster, target: source.target, subject };
}

/** Only the endpoints table can use Envoy's /clusters output; everything else needs a config dump. */
export function requireConfigDump(dump: ConfigDump, what: string): void {
  if (dump.format === 'clusters') {
    throw badDump(
      `This file is Envoy's /clusters output, not a config dump: it has no ${what}. Only \`endpoints\` reads it.`,
    );
  }
}
