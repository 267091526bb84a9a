import type { Attachments } from '../../core/command.ts';
import type { PodTarget } from '../../core/target.ts';
import type { DumpRequest, DumpSource } from '../../envoy/dump-source.ts';
import type { ConfigDumpRef } from '../../evidence/evidence-schemas.ts';
import type { Gatherer } from '../../evidence/gather-evidence.ts';
import type { KubeReader } from '../../kube/kube-reader.ts';
import { attachedDumpSource, fileDumpSource } from '../envoy/file-dump-source.ts';
import { liveDumpSource } from '../envoy/live-dump-source.ts';

/** Where the dump comes from, in the order openProxyDump always picked: attached, file, live pod. */
export type DumpChoice = {
  readonly file: string | undefined;
  readonly attachments: Attachments | undefined;
  readonly pod: PodTarget | undefined;
  /** Opens the live cluster (only called for a live dump). */
  readonly openReader: () => Promise<KubeReader>;
  readonly request: DumpRequest;
  readonly proxyTimeoutMs: number | undefined;
};

/** The target pod's Envoy config dump: an attached file, a local file, or live through the API. */
export function configDumpGatherer(choice: DumpChoice): Gatherer<'configDump'> | undefined {
  const target = choice.pod ? `${choice.pod.namespace}/${choice.pod.name}` : undefined;
  let open: (() => Promise<DumpSource>) | undefined;
  let source: ConfigDumpRef['source'];
  const { file, attachments, pod } = choice;
  if (file !== undefined) {
    source = attachments ? 'attached' : 'file';
    open = async () =>
      attachments ? attachedDumpSource(attachments, file, target) : fileDumpSource(file, target);
  } else if (pod) {
    source = 'live';
    open = async () => liveDumpSource(pod, await choice.openReader(), choice.proxyTimeoutMs);
  }
  if (!open) return undefined;
  const opener = open;
  return {
    async gather() {
      const dumpSource = await opener();
      const dump = await dumpSource.load(choice.request);
      const ref: ConfigDumpRef = {
        source,
        name: file ?? target ?? '',
        bytes: dump.buffer.length,
        format: dump.format,
        cluster: dumpSource.cluster,
        target: dumpSource.target,
      };
      return { ref, dump };
    },
  };
}
