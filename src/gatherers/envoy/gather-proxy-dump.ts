import { basename } from 'node:path';
import type { CommandContext, CommonOptions } from '../../core/command.ts';
import type { ObjectRef } from '../../core/finding.ts';
import type { PodTarget } from '../../core/target.ts';
import type { DumpRequest } from '../../envoy/dump-source.ts';
import type { OpenedDump } from '../../envoy/open-proxy-dump.ts';
import { MeshdocError, UsageError } from '../../errors.ts';
import { gatherEvidence } from '../../evidence/gather-evidence.ts';
import { configDumpGatherer } from '../evidence/config-dump.ts';

/**
 * Resolves `<pod>` and `--file` into a loaded dump through the evidence layer (the configDump
 * kind). With --file the pod is optional and only names the target; without it the pod's Envoy
 * is read live through the API server. A dump that cannot be had is the whole answer, so any
 * failure is thrown as it was raised.
 */
export async function gatherProxyDump(
  pod: PodTarget | undefined,
  file: string | undefined,
  options: Pick<CommonOptions, 'context' | 'from'>,
  ctx: CommandContext,
  request: DumpRequest,
  usage: string,
): Promise<OpenedDump> {
  const gatherer = configDumpGatherer({
    file,
    attachments: ctx.attachments,
    pod,
    openReader: () => ctx.reader({ context: options.context, from: options.from }),
    request,
    proxyTimeoutMs: ctx.proxyTimeoutMs,
  });
  if (!gatherer) throw new UsageError('Name a pod, or give a saved dump with --file DUMP.', usage);
  // No runner deadline: the file, attachment and live sources each bound their own reads.
  const bundle = await gatherEvidence(
    [{ kind: 'configDump', presence: 'required' }],
    { configDump: gatherer },
    {
      targets: ['configDump'],
      timeoutMs: Number.POSITIVE_INFINITY,
    },
  );
  const value = bundle.values.configDump;
  if (!value) throw new MeshdocError('internal', 'The config dump was not gathered.');
  const subject: ObjectRef = pod
    ? { kind: 'Pod', namespace: pod.namespace, name: pod.name }
    : { kind: 'ConfigDump', name: file === '-' ? 'stdin' : basename(file ?? 'dump') };
  return {
    dump: value.dump,
    cluster: value.ref.cluster,
    target: value.ref.target,
    subject,
  };
}
