import type { Check } from '../../core/check.ts';
import type { ObjectRef } from '../../core/finding.ts';
import type { GatherNote } from '../../core/report.ts';
import type { Sidecar } from '../../kube/find-sidecar.ts';
import type { WorkloadKind } from '../../kube/kube-reader.ts';
import type { InjectorConfig } from '../../schemas/injector-config.ts';
import type { Deployment, Namespace, Pod } from '../../schemas/kube.ts';
import type { WebhookEvaluation } from './evaluate-webhooks.ts';
import type { ExplicitOpt, StageBOutcome } from './inject-required.ts';
import type { FixContext } from './injection-fixes.ts';

/**
 * The injection checks' view of the evidence, computed once by `prepareInjectionInput`: every
 * check reads these derived facts instead of re-deriving labels, webhook matches or istiod's
 * decision from the raw objects.
 */
export type InjectionInput = {
  /** The pod, or for a workload target a pod synthesised from its template. */
  pod: Pod;
  namespace: string;
  /** What findings about the target cite: the pod, or the workload for a workload target. */
  target: ObjectRef;
  /** Whether the user asked about a pod or a workload (whose `pod` is its template). */
  targetKind: 'pod' | 'workload';
  workload: { kind: WorkloadKind; object: Deployment; pods: Pod[] | undefined } | undefined;
  /** The target pod's sidecar (for a workload target: the template's, normally none). */
  sidecar: Sidecar | undefined;
  namespaceObject: Namespace | undefined;
  /** Namespace labels as the API server matches them (plus kubernetes.io/metadata.name). */
  namespaceLabels: Readonly<Record<string, string>> | undefined;
  /** Every Istio webhook evaluated against the labels; undefined when labels or webhooks are unknown. */
  evaluations: readonly WebhookEvaluation[] | undefined;
  /** The webhooks the API server would call for this pod (stage A). */
  called: readonly WebhookEvaluation[] | undefined;
  /** The injector config of the revision that would inject (chart defaults when not read). */
  injector: InjectorConfig;
  /** The injector ConfigMap that was read; undefined when chart defaults were assumed. */
  injectorRef: ObjectRef | undefined;
  /** istiod's own decision (stage B, `injectRequired`). */
  stageB: StageBOutcome;
  /** The pod's explicit sidecar.istio.io/inject label or annotation. */
  opt: ExplicitOpt;
  /** Would a pod created now, with these labels, get a sidecar? undefined when unknowable. */
  wouldInjectNow: boolean | undefined;
  fix: FixContext;
  /** What could not be read, as notes; the verdict adds its own. */
  notes: readonly GatherNote[];
  /** Evidence the --from files did not hold (the user did not save it), by what to save. */
  notSaved: readonly SaveHint[];
};

/** A kind of evidence absent from the --from files, and the command that saves it. */
export type SaveHint = { evidence: string; command: string };

/**
 * When a check's findings count, in istiod's own evaluation order (istio-semantics.md §1.3):
 * `injected` explains an existing sidecar; the others explain a missing one. The verdict takes
 * the first blocker in this order as the deciding cause.
 */
export const injectionStages = [
  'injected',
  'hard-rule',
  'explicit-opt',
  'webhook',
  'injector',
  'creation',
] as const;
export type InjectionStage = (typeof injectionStages)[number];

/** A check of the injection area, placed in the stage whose findings it reports. */
export type InjectionCheck = Check<InjectionInput> & { readonly stage: InjectionStage };
