import type { ObjectRef } from '../../core/finding.ts';
import type { Gathered } from '../../core/gathered.ts';
import type { GatherNote } from '../../core/report.ts';
import { findSidecar } from '../../kube/find-sidecar.ts';
import { workloadKindNames } from '../../kube/kube-reader.ts';
import { owningWorkload } from '../../kube/owning-workload.ts';
import {
  defaultInjectorConfig,
  type InjectorConfig,
  injectorConfigMapName,
} from '../../schemas/injector-config.ts';
import { calledWebhooks, evaluateWebhooks } from './evaluate-webhooks.ts';
import { explicitOpt, injectRequired } from './inject-required.ts';
import type { InjectionEvidence } from './injection-evidence.ts';
import type { InjectionInput, SaveHint } from './injection-input.ts';

/** Derives everything the injection checks read, once, from the gathered evidence. */
export function prepareInjectionInput(ev: InjectionEvidence): InjectionInput {
  const pod = ev.pod;
  const ns = pod.metadata.namespace ?? 'default';
  const notes: GatherNote[] = [];
  const notSaved: SaveHint[] = [];
  // Offline, a kind the --from files do not hold means "not saved", not "absent from the cluster":
  // the evidence layer says so (saveWith), and the note already names the command.
  const noteMissing = (what: Gathered<unknown>, evidence: string) => {
    if (what.ok) return;
    notes.push({ evidence, message: what.reason });
    if (what.saveWith) notSaved.push({ evidence, command: what.saveWith });
  };
  noteMissing(ev.namespace, `Namespace/${ns}`);
  noteMissing(ev.webhookConfigurations, 'MutatingWebhookConfigurations');

  // Namespace labels as the API server matches them: it always sets kubernetes.io/metadata.name.
  const namespaceLabels = ev.namespace.ok
    ? { ...ev.namespace.value.metadata.labels, 'kubernetes.io/metadata.name': ns }
    : undefined;
  const evaluations =
    namespaceLabels && ev.webhookConfigurations.ok
      ? evaluateWebhooks(ev.webhookConfigurations.value, namespaceLabels, pod.metadata.labels)
      : undefined;
  const called = evaluations ? calledWebhooks(evaluations) : undefined;
  const injector = injectorConfigFor(ev, called?.[0]?.revision ?? 'default', notes);
  const stageB = injectRequired(pod, ns, injector);
  const workload = ev.workload;
  if (workload && !workload.pods.ok) {
    const kind = workloadKindNames[workload.kind];
    notes.push({
      evidence: `pods of ${kind}/${workload.object.metadata.name}`,
      message: workload.pods.reason,
    });
  }
  const target: ObjectRef = workload
    ? { kind: workloadKindNames[workload.kind], namespace: ns, name: workload.object.metadata.name }
    : { kind: 'Pod', namespace: ns, name: pod.metadata.name };
  return {
    pod,
    namespace: ns,
    target,
    targetKind: workload ? 'workload' : 'pod',
    workload: workload && {
      kind: workload.kind,
      object: workload.object,
      pods: workload.pods.ok ? workload.pods.value : undefined,
    },
    sidecar: findSidecar(pod),
    namespaceObject: ev.namespace.ok ? ev.namespace.value : undefined,
    namespaceLabels,
    evaluations,
    called,
    injector,
    injectorRef: injector.assumedDefaults
      ? undefined
      : { kind: 'ConfigMap', namespace: injector.source.namespace, name: injector.source.name },
    stageB,
    opt: explicitOpt(pod),
    // Without the webhooks only a stage-B "no" is certain: no webhook call can undo it.
    wouldInjectNow:
      called === undefined ? (stageB.inject ? undefined : false) : called.length > 0 && stageB.inject,
    fix: {
      kubectl: ev.kubectl,
      namespace: ns,
      podName: pod.metadata.name,
      workload: workload ? { kind: workload.kind, name: workload.object.metadata.name } : owningWorkload(pod),
    },
    notes,
    notSaved,
  };
}

/**
 * The injector config of a revision, or the chart defaults (policy enabled, no selectors) with a
 * note when its ConfigMap could not be read; `assumedDefaults` then stops checks citing it.
 */
function injectorConfigFor(ev: InjectionEvidence, revision: string, notes: GatherNote[]): InjectorConfig {
  const found = ev.injectorConfigs[revision];
  if (found?.ok) return found.value;
  const name = injectorConfigMapName(revision);
  notes.push({
    evidence: `ConfigMap/istio-system/${name}`,
    message: `${found ? found.reason.replace(/\.$/, '') : 'not gathered'}; assumed the chart defaults (policy enabled, no never/always selectors).`,
  });
  return defaultInjectorConfig('istio-system', name);
}
