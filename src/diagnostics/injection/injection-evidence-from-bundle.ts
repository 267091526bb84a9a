import type { EvidenceKind, Need } from '../../core/evidence.ts';
import { type Gathered, gathered, missing } from '../../core/gathered.ts';
import type { InjectionTarget } from '../../core/target.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import { injectionChecks } from './injection-checks.ts';
import type { InjectionEvidence } from './injection-evidence.ts';

/**
 * What why-not-injected gathers: the union of what the registered injection checks declare they
 * read (a new check's needs are picked up with no edit here). The workload and its pods exist
 * only for a workload target. All required: the verdict depends on each of them.
 */
export function injectionNeeds(target: InjectionTarget): Need[] {
  const kinds = new Set<EvidenceKind>(injectionChecks.flatMap((c) => c.needs));
  if (target.kind === 'pod') {
    kinds.delete('workload');
    kinds.delete('workloadPods');
  }
  return [...kinds].sort().map((kind) => ({ kind, presence: 'required' }));
}

/**
 * The injection checks' view of a bundle. The target (pod or workload) is always there: the
 * runner aborts without it. Other kinds may be missing; their reason becomes the note.
 */
export function injectionEvidenceFromBundle(
  bundle: EvidenceBundle,
  target: InjectionTarget,
  kubectl: string,
): InjectionEvidence {
  const { values } = bundle;
  const pod = values.pod;
  if (!pod) throw new Error(`the target ${target.name} was not gathered`);
  const workload =
    target.kind !== 'pod' && values.workload
      ? { kind: values.workload.kind, object: values.workload.object, pods: pick(bundle, 'workloadPods') }
      : undefined;
  const configs = bundle.missing.injectorConfigs;
  return {
    pod,
    ...(workload ? { workload } : {}),
    namespace: pick(bundle, 'namespace'),
    webhookConfigurations: pick(bundle, 'mutatingWebhooks'),
    // A whole-kind failure (e.g. timeout) leaves no per-revision entry; the default stands in.
    injectorConfigs: values.injectorConfigs ?? (configs ? { default: missing(configs.message) } : {}),
    kubectl,
  };
}

function pick<K extends 'namespace' | 'mutatingWebhooks' | 'workloadPods'>(
  bundle: EvidenceBundle,
  kind: K,
): Gathered<NonNullable<EvidenceBundle['values'][K]>> {
  const value = bundle.values[kind];
  if (value !== undefined) return gathered(value as NonNullable<EvidenceBundle['values'][K]>);
  const why = bundle.missing[kind];
  return missing(why?.message ?? 'not gathered', why?.reason === 'not_in_files' ? why.saveWith : undefined);
}
