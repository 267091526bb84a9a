import { basename } from 'node:path';
import type { CommandContext, CommonOptions } from '../core/command.ts';
import type { ObjectRef } from '../core/finding.ts';
import { formatTarget, type PodTarget, parseInjectionTarget } from '../core/target.ts';
import { MeshdocError, UsageError } from '../errors.ts';
import { badDump, dumpHowTo } from './bad-dump.ts';
import type { ConfigDump } from './config-dump.ts';
import type { DumpRequest, DumpSource } from './dump-source.ts';
import { attachedDumpSource, fileDumpSource } from './file-dump-source.ts';

/** Makes the live source for a pod (src/gatherers/envoy/live-dump-source.ts; tests inject others). */
export type LiveDumpSourceFactory = (
  pod: PodTarget,
  ctx: CommandContext,
  options: Pick<CommonOptions, 'context' | 'from'>,
) => Promise<DumpSource>;

export type OpenedDump = {
  dump: ConfigDump;
  /** For the report: `files:<path>` or the kube context. */
  cluster: string;
  target: string;
  /** Findings are about the pod when one was named, else about the dump file. */
  subject: ObjectRef;
};

/**
 * Resolves `<pod>` and `--file` into a loaded dump. With --file the pod is optional and only names
 * the target; without it the pod is read live, through `live` when it is wired.
 */
export async function openProxyDump(
  positionals: readonly string[],
  options: CommonOptions,
  ctx: CommandContext,
  request: DumpRequest,
  usage: string,
  live: LiveDumpSourceFactory | undefined,
): Promise<OpenedDump> {
  const raw = positionals[0];
  if (!raw && !options.file)
    throw new UsageError('Name a pod, or give a saved dump with --file DUMP.', usage);
  let pod: PodTarget | undefined;
  if (raw) {
    const parsed = parseInjectionTarget(raw, options.namespace, ctx.defaultNamespace);
    if (!parsed.ok) throw new UsageError(parsed.error, usage);
    if (parsed.value.kind !== 'pod')
      throw new UsageError(`Envoy runs in pods: name a pod, not a ${parsed.value.kind}.`, usage);
    pod = parsed.value;
  }
  let source: DumpSource;
  if (options.file && ctx.attachments)
    source = attachedDumpSource(ctx.attachments, options.file, pod ? formatTarget(pod) : undefined);
  else if (options.file) source = fileDumpSource(options.file, pod ? formatTarget(pod) : undefined);
  else if (pod && live) source = await live(pod, ctx, options);
  else {
    throw new MeshdocError(
      'usage',
      "meshdoc cannot read a live pod's Envoy configuration yet; give a saved dump with --file.",
      {
        hint: `Take one with: ${dumpHowTo}`,
      },
    );
  }
  const dump = await source.load(request);
  const subject: ObjectRef = pod
    ? { kind: 'Pod', namespace: pod.namespace, name: pod.name }
    : { kind: 'ConfigDump', name: options.file === '-' ? 'stdin' : basename(options.file ?? 'dump') };
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
