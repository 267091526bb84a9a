import type { Need } from '../../core/evidence.ts';
import { type Gathered, gathered, missing } from '../../core/gathered.ts';
import type { InjectionTarget } from '../../core/target.ts';
import type { EvidenceBundle } from '../../evidence/evidence-bundle.ts';
import type { InjectionEvidence } from './injection-evidence.ts';

/** The kinds the injection checks read; a workload target adds the workload and its pods. */
export function injectionNeeds(target: InjectionTarget): Need[] {
  const kinds = [
    ...(target.kind === 'pod' ? [] : (['workload', 'workloadPods'] as const)),
    'pod',
    'namespace',
    'mutatingWebhooks',
    'injectorConfigs',
  ] as const;
  return kinds.map((kind) => ({ kind, presence: 'required' }));
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
