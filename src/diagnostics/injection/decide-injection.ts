import type { Fact, Finding, ObjectRef, Severity } from '../../core/finding.ts';
import { workloadKindNames } from '../../core/kube-reader.ts';
import type { GatherNote } from '../../core/report.ts';
import { findSidecar, type Sidecar } from '../../kube/find-sidecar.ts';
import { describeSelector } from '../../kube/label-selector.ts';
import { labelSetTime } from '../../kube/managed-fields-time.ts';
import { owningWorkload } from '../../kube/owning-workload.ts';
import {
  defaultInjectorConfig,
  type InjectorConfig,
  injectorConfigMapName,
} from '../../schemas/injector-config.ts';
import type { Pod } from '../../schemas/kube.ts';
import { calledWebhooks, evaluateWebhooks, type WebhookEvaluation } from './evaluate-webhooks.ts';
import { explainNoWebhook } from './explain-no-webhook.ts';
import { explicitOpt, ignoredNamespaces, injectKey, injectRequired } from './inject-required.ts';
import { type InjectionCause, injectionChecks } from './injection-checks.ts';
import type { InjectionEvidence } from './injection-evidence.ts';
import { type FixContext, optInTemplate, removeTemplateField, restartCommand } from './injection-fixes.ts';

export type InjectionVerdict = 'injected' | 'not-injected' | 'unknown';

export type InjectionDecision = {
  verdict: InjectionVerdict;
  cause: InjectionCause | 'undetermined';
  /** Would a pod created now, with these labels, get a sidecar? undefined when unknowable. */
  wouldInjectNow: boolean | undefined;
  injectedBy: { revision: string; configuration: string; webhook: string } | undefined;
  sidecar: Sidecar | undefined;
  findings: Finding[];
  notes: GatherNote[];
};

type Draft = Omit<Finding, 'code'> & { cause: InjectionCause };

/**
 * Decides whether the pod is (or would be) injected and why, from gathered evidence only.
 * Pure: the same evidence always gives the same answer. Order of causes: rules no label can
 * override (hostNetwork, system namespace), the pod's own opt-out, then the webhook stage
 * (labels only), then istiod's policy and selectors, then "was created before".
 */
export function decideInjection(ev: InjectionEvidence): InjectionDecision {
  const pod = ev.pod;
  const ns = pod.metadata.namespace ?? 'default';
  const podRef: ObjectRef = ev.workload
    ? { kind: workloadKindNames[ev.workload.kind], namespace: ns, name: ev.workload.object.metadata.name }
    : { kind: 'Pod', namespace: ns, name: pod.metadata.name };
  const fixCtx: FixContext = {
    kubectl: ev.kubectl,
    namespace: ns,
    podName: pod.metadata.name,
    workload: ev.workload
      ? { kind: ev.workload.kind, name: ev.workload.object.metadata.name }
      : owningWorkload(pod),
  };
  const drafts: Draft[] = [];
  const notes: GatherNote[] = [];
  const add = (d: Omit<Draft, 'facts'> & { facts?: Fact[] }) => drafts.push({ facts: [], ...d });
  const sidecar = findSidecar(pod);

  // Namespace labels as the API server matches them: it always sets kubernetes.io/metadata.name.
  const nsLabels = ev.namespace.ok
    ? { ...ev.namespace.value.metadata.labels, 'kubernetes.io/metadata.name': ns }
    : undefined;
  if (!ev.namespace.ok) notes.push({ evidence: `Namespace/${ns}`, message: ev.namespace.reason });
  if (!ev.webhookConfigurations.ok)
    notes.push({ evidence: 'MutatingWebhookConfigurations', message: ev.webhookConfigurations.reason });
  const evaluations =
    nsLabels && ev.webhookConfigurations.ok
      ? evaluateWebhooks(ev.webhookConfigurations.value, nsLabels, pod.metadata.labels)
      : undefined;
  const called = evaluations ? calledWebhooks(evaluations) : undefined;
  const first = called?.[0];
  const config = injectorConfigFor(ev, first?.revision ?? 'default', notes);
  const stageB = injectRequired(pod, ns, config);
  const wouldInjectNow =
    called === undefined ? (stageB.inject ? undefined : false) : called.length > 0 && stageB.inject;
  const injectedBy = first
    ? { revision: first.revision, configuration: first.configuration, webhook: first.webhook.name }
    : undefined;

  if (sidecar && !ev.workload) {
    add({
      cause: 'already-injected',
      severity: 'pass',
      subject: podRef,
      message: `Pod ${pod.metadata.name} already has an Istio sidecar${sidecar.proxyVersion ? ` (proxy ${sidecar.proxyVersion})` : ''}${sidecar.revision ? `, injected by revision ${sidecar.revision}` : ''}.`,
      facts: sidecarFacts(sidecar, podRef),
    });
    if (wouldInjectNow === false) {
      add({
        cause: 'already-injected',
        severity: 'warning',
        subject: podRef,
        message:
          'A pod created now with these labels would NOT be injected: the next restart will drop the sidecar.',
      });
    }
    if (
      called &&
      called.length > 0 &&
      sidecar.revision &&
      !called.some((c) => c.revision === sidecar.revision)
    ) {
      add({
        cause: 'already-injected',
        severity: 'info',
        subject: podRef,
        message: `The namespace now selects revision ${first?.revision}, but this pod was injected by ${sidecar.revision}; restart it to move it.`,
        fix: {
          text: 'Restart the workload to pick up the current revision.',
          command: restartCommand(fixCtx),
        },
      });
    }
    return finish('injected', 'already-injected', drafts, notes, wouldInjectNow, injectedBy, sidecar);
  }

  // 1. Rules no label can override.
  const hostNetwork = pod.spec.hostNetwork === true;
  add({
    cause: 'host-network',
    severity: hostNetwork ? 'error' : 'pass',
    subject: podRef,
    message: hostNetwork
      ? `Pod ${pod.metadata.name} runs with hostNetwork: true; istiod never injects such pods (their iptables rules would capture the node's traffic).`
      : 'hostNetwork is not set.',
    facts: [{ label: 'spec.hostNetwork', value: String(hostNetwork), source: podRef }],
    ...(hostNetwork
      ? {
          fix: {
            text: 'Nothing to change in Istio: a hostNetwork pod cannot have a sidecar. Drop hostNetwork if the pod must join the mesh.',
          },
        }
      : {}),
  });
  const systemNs = (ignoredNamespaces as readonly string[]).includes(ns);
  add({
    cause: 'system-namespace',
    severity: systemNs ? 'error' : 'pass',
    subject: { kind: 'Namespace', name: ns },
    message: systemNs
      ? `Namespace ${ns} is one istiod never injects into (${ignoredNamespaces.join(', ')}), whatever its labels say.`
      : `Namespace ${ns} is not a system namespace.`,
    ...(systemNs
      ? { fix: { text: 'Run the workload in an application namespace if it must be in the mesh.' } }
      : {}),
  });

  // 2. The pod's own opt-out (label replaces annotation when both are set).
  const opt = explicitOpt(pod);
  if (opt.decision === 'false') {
    const isLabel = opt.source === 'label';
    add({
      cause: isLabel ? 'pod-label-opt-out' : 'pod-annotation-opt-out',
      severity: 'error',
      subject: podRef,
      message: isLabel
        ? `Pod ${pod.metadata.name} opts out with the label sidecar.istio.io/inject=false, so the webhooks' object selectors exclude it.`
        : `Pod ${pod.metadata.name} opts out with the annotation sidecar.istio.io/inject=false; istiod sees it and skips injection.`,
      facts: [{ label: `pod ${opt.source} ${injectKey}`, value: 'false', source: podRef }],
      fix: removeTemplateField(fixCtx, isLabel ? 'labels' : 'annotations', injectKey),
    });
  } else {
    const annotation = pod.metadata.annotations[injectKey];
    add({
      cause: 'pod-label-opt-out',
      severity: 'pass',
      subject: podRef,
      message:
        opt.source === 'label' && annotation === 'false'
          ? `The pod label ${injectKey}=${opt.value} overrides the annotation "false".`
          : `No ${injectKey}=false label or annotation on the pod.`,
    });
  }
  if (opt.value !== undefined && opt.decision === 'default') {
    add({
      cause: 'invalid-inject-value',
      severity: 'warning',
      subject: podRef,
      message: `${injectKey}="${opt.value}" (${opt.source}) is neither "true" nor "false"; istiod ignores it (values are case-sensitive) and applies its policy "${config.policy}".`,
      facts: [{ label: `pod ${opt.source} ${injectKey}`, value: opt.value, source: podRef }],
    });
  }

  // 3. Stage A: does the API server call an Istio webhook at all?
  if (evaluations && called && nsLabels) {
    if (called.length === 0) {
      const why = explainNoWebhook({ evaluations, namespaceLabels: nsLabels, pod, fix: fixCtx });
      const byDesign = why.cause === 'ambient-namespace' || why.cause === 'ambient-pod';
      if (!(opt.decision === 'false' && opt.source === 'label')) {
        add({ ...why, severity: byDesign ? 'info' : 'error' });
      }
    } else {
      addCalledFindings(add, called, nsLabels, pod, podRef, ns);
    }
  }

  // 4. Stage B: istiod's policy and never/always selectors (only when no explicit opt).
  const cmRef: ObjectRef = {
    kind: 'ConfigMap',
    namespace: config.source.namespace,
    name: config.source.name,
  };
  const policyFacts: Fact[] = [{ label: 'policy', value: config.policy || '(empty)', source: cmRef }];
  if (stageB.reason === 'never-selector') {
    add({
      cause: 'never-inject-selector',
      severity: 'error',
      subject: podRef,
      message: `Pod labels match the injector's neverInjectSelector, so istiod skips it (an explicit ${injectKey}=true label would override).`,
      facts: config.neverInjectSelector.map((s) => ({
        label: 'neverInjectSelector',
        value: describeSelector(s),
        source: cmRef,
      })),
      fix: optInTemplate(fixCtx),
    });
  } else if (opt.decision === 'default') {
    add({
      cause: 'never-inject-selector',
      severity: 'pass',
      subject: cmRef,
      message: 'Pod labels match no neverInjectSelector.',
    });
  }
  if (stageB.reason === 'always-selector') {
    add({
      cause: 'always-inject-selector',
      severity: 'info',
      subject: podRef,
      message: "Pod labels match the injector's alwaysInjectSelector, which forces injection.",
      facts: policyFacts,
    });
  }
  if (stageB.reason === 'policy-disabled') {
    add({
      cause: 'injector-policy-disabled',
      severity: 'error',
      subject: cmRef,
      message: `The injector policy is "disabled": istiod injects only pods that opt in with ${injectKey}=true or match alwaysInjectSelector.`,
      facts: policyFacts,
      fix: optInTemplate(fixCtx),
    });
  } else if (stageB.reason === 'policy-invalid') {
    add({
      cause: 'injector-policy-invalid',
      severity: 'error',
      subject: cmRef,
      message: `The injector policy is "${config.policy}"; istiod accepts only "enabled" or "disabled" and never injects otherwise.`,
      facts: policyFacts,
      fix: {
        text: 'Set global.proxy.autoInject to enabled in the istiod chart values and upgrade the release.',
      },
    });
  } else if (opt.decision === 'default' && stageB.reason === 'policy-enabled') {
    add({
      cause: 'injector-policy-disabled',
      severity: 'pass',
      subject: cmRef,
      message: 'The injector policy is "enabled".',
      facts: policyFacts,
    });
  }

  // 5. Everything says yes, yet no sidecar: the pod predates the configuration.
  if (ev.workload)
    return decideWorkload(ev, drafts, notes, wouldInjectNow, injectedBy, sidecar, fixCtx, podRef);
  if (wouldInjectNow === true) {
    add(createdBefore(ev, pod, called ?? [], podRef, fixCtx));
  }
  const blocking = drafts.find(
    (d) => d.severity === 'error' || (d.severity === 'info' && isByDesign(d.cause)),
  );
  if (blocking)
    return finish('not-injected', blocking.cause, drafts, notes, wouldInjectNow, injectedBy, undefined);
  return finish('unknown', 'undetermined', drafts, notes, wouldInjectNow, injectedBy, undefined);
}

function isByDesign(cause: InjectionCause): boolean {
  return cause === 'ambient-namespace' || cause === 'ambient-pod';
}

function injectorConfigFor(ev: InjectionEvidence, revision: string, notes: GatherNote[]): InjectorConfig {
  const found = ev.injectorConfigs[revision];
  if (found?.ok) return found.value;
  const name = injectorConfigMapName(revision);
  notes.push({
    evidence: `ConfigMap/istio-system/${name}`,
    message: `${found ? found.reason : 'not gathered'}; assumed the chart defaults (policy enabled, no never/always selectors).`,
  });
  return defaultInjectorConfig('istio-system', name);
}

function sidecarFacts(sidecar: Sidecar, source: ObjectRef): Fact[] {
  const facts: Fact[] = [
    {
      label: 'sidecar',
      value:
        sidecar.style === 'native'
          ? 'istio-proxy (native sidecar, init container)'
          : sidecar.style === 'container'
            ? 'istio-proxy container'
            : 'sidecar.istio.io/status annotation',
      source,
    },
  ];
  if (sidecar.image) facts.push({ label: 'proxy image', value: sidecar.image, source });
  if (sidecar.revision) facts.push({ label: 'revision', value: sidecar.revision, source });
  return facts;
}

type Add = (d: Omit<Draft, 'facts'> & { facts?: Fact[] }) => void;

function addCalledFindings(
  add: Add,
  called: WebhookEvaluation[],
  nsLabels: Record<string, string>,
  pod: Pod,
  podRef: ObjectRef,
  ns: string,
): void {
  const first = called[0] as WebhookEvaluation;
  const mwcRef: ObjectRef = { kind: 'MutatingWebhookConfiguration', name: first.configuration };
  add({
    cause: 'namespace-not-enabled',
    severity: 'pass',
    subject: mwcRef,
    message: `Webhook ${first.webhook.name} (${first.configuration}, revision ${first.revision}${first.tag ? `, tag ${first.tag}` : ''}) selects this namespace and pod.`,
    facts: [
      {
        label: 'namespaceSelector',
        value: describeSelector(first.webhook.namespaceSelector),
        source: mwcRef,
      },
      { label: 'objectSelector', value: describeSelector(first.webhook.objectSelector), source: mwcRef },
    ],
  });
  const configurations = [...new Set(called.map((c) => c.configuration))];
  if (configurations.length > 1) {
    add({
      cause: 'multiple-webhooks-match',
      severity: 'warning',
      subject: { kind: 'MutatingWebhookConfiguration', name: configurations.join(', ') },
      message: `${configurations.length} injection webhook configurations match this pod (${configurations.join(', ')}); the pod may be injected twice or fail to start.`,
      fix: { text: 'Keep one revision or tag serving this namespace.', command: 'istioctl tag list' },
    });
  }
  if (nsLabels['istio-injection'] === 'enabled' && nsLabels['istio.io/rev'] !== undefined) {
    add({
      cause: 'conflicting-namespace-labels',
      severity: 'warning',
      subject: { kind: 'Namespace', name: ns },
      message: `Namespace ${ns} has both istio-injection=enabled and istio.io/rev=${nsLabels['istio.io/rev']}; the legacy label wins and revision ${first.revision} injects (IST0123).`,
    });
  }
  const podRev = pod.metadata.labels['istio.io/rev'];
  if (podRev !== undefined && podRev !== first.revision && podRev !== first.tag) {
    add({
      cause: 'pod-label-ignored',
      severity: 'info',
      subject: podRef,
      message: `The pod asks for istio.io/rev=${podRev}, but the namespace label decides: revision ${first.revision} injects it.`,
    });
  }
  if (nsLabels['istio.io/dataplane-mode'] === 'ambient') {
    add({
      cause: 'ambient-namespace',
      severity: 'warning',
      subject: { kind: 'Namespace', name: ns },
      message: `Namespace ${ns} is ambient but also enabled for sidecars: this pod gets a sidecar and ztunnel skips it (IST0123).`,
    });
  }
}

function createdBefore(
  ev: InjectionEvidence,
  pod: Pod,
  called: WebhookEvaluation[],
  podRef: ObjectRef,
  fixCtx: FixContext,
): Omit<Draft, 'facts'> & { facts: Fact[] } {
  const created = pod.metadata.creationTimestamp;
  const { times, complete } = enablementTimes(ev, pod, called, podRef);
  const facts: Fact[] = created
    ? [{ label: 'pod created', value: created, source: podRef }, ...times]
    : times;
  const fix = {
    text: 'Recreate the pod so the webhook can inject it (injection happens only when a pod is created).',
    command: restartCommand(fixCtx),
  };
  const later = created ? times.filter((t) => t.value > created) : [];
  if (created && complete && later.length === 0) {
    return {
      cause: 'not-injected-at-creation',
      severity: 'error',
      subject: podRef,
      message:
        'Injection was already enabled when this pod was created, yet it has no sidecar: the webhook call failed (failurePolicy Ignore) or the configuration changed and changed back. Recreating it will inject it now.',
      facts,
      fix,
    };
  }
  return {
    cause: 'created-before-enablement',
    severity: 'error',
    subject: podRef,
    message:
      later.length > 0
        ? `Pod ${pod.metadata.name} was created at ${created}, before injection was enabled (${later.map((t) => `${t.label} ${t.value}`).join('; ')}); a pod created now would be injected.`
        : `A pod created now with these labels would be injected, so pod ${pod.metadata.name} was created before injection was enabled for it (the saved objects carry no timestamps to confirm when).`,
    facts,
    fix,
  };
}

/**
 * When each thing that enables injection for this pod came to be: the webhook configuration, and
 * every label the called webhook selects on with `In` (namespace labels from the namespace's
 * managedFields, pod labels from the pod's). `complete` is false when any of them is unknown.
 */
function enablementTimes(
  ev: InjectionEvidence,
  pod: Pod,
  called: WebhookEvaluation[],
  podRef: ObjectRef,
): { times: Fact[]; complete: boolean } {
  const times: Fact[] = [];
  let complete = true;
  const first = called[0];
  if (!first) return { times, complete: false };
  const mwcRef: ObjectRef = { kind: 'MutatingWebhookConfiguration', name: first.configuration };
  if (first.selectorsWrittenAt) {
    times.push({
      label: `webhook ${first.configuration} selectors last written`,
      value: first.selectorsWrittenAt,
      source: mwcRef,
    });
  } else {
    complete = false;
    if (first.createdAt)
      times.push({ label: `webhook ${first.configuration} created`, value: first.createdAt, source: mwcRef });
  }
  const inKeys = (sel: typeof first.webhook.namespaceSelector) =>
    (sel?.matchExpressions ?? []).filter((r) => r.operator === 'In').map((r) => r.key);
  if (ev.namespace.ok) {
    const meta = ev.namespace.value.metadata;
    const nsRef: ObjectRef = { kind: 'Namespace', name: meta.name };
    for (const key of inKeys(first.webhook.namespaceSelector)) {
      // kubernetes.io/metadata.name (the auto webhook) exists from the namespace's creation.
      const t = key === 'kubernetes.io/metadata.name' ? meta.creationTimestamp : labelSetTime(meta, key);
      if (t) times.push({ label: `namespace label ${key} last written`, value: t, source: nsRef });
      else complete = false;
    }
  }
  for (const key of inKeys(first.webhook.objectSelector)) {
    const t = labelSetTime(pod.metadata, key);
    if (t) times.push({ label: `pod label ${key} last written`, value: t, source: podRef });
    else complete = false;
  }
  return { times, complete };
}

function decideWorkload(
  ev: InjectionEvidence,
  drafts: Draft[],
  notes: GatherNote[],
  wouldInjectNow: boolean | undefined,
  injectedBy: InjectionDecision['injectedBy'],
  templateSidecar: Sidecar | undefined,
  fixCtx: FixContext,
  ref: ObjectRef,
): InjectionDecision {
  const workload = ev.workload as NonNullable<InjectionEvidence['workload']>;
  const add: Add = (d) => drafts.push({ facts: [], ...d });
  const failure = (workload.object.status?.conditions ?? []).find(
    (c) => c.type === 'ReplicaFailure' && c.status === 'True' && /webhook/i.test(c.message ?? ''),
  );
  if (failure) {
    add({
      cause: 'webhook-call-failed',
      severity: 'error',
      subject: ref,
      message:
        `New pods cannot be created: the API server failed calling the injection webhook (failurePolicy Fail): ${failure.message ?? ''}`.trim(),
      facts: [{ label: 'condition ReplicaFailure', value: failure.message ?? '', source: ref }],
      fix: {
        text: 'Check that istiod is running and reachable on port 15017 from the API server.',
        command: `${fixCtx.kubectl} get pods,endpoints -n istio-system -l app=istiod`,
      },
    });
  }
  if (!workload.pods.ok)
    notes.push({ evidence: `pods of ${ref.kind}/${ref.name}`, message: workload.pods.reason });
  const pods = workload.pods.ok ? workload.pods.value : [];
  const states = pods.map((p) => ({ pod: p, sidecar: findSidecar(p) }));
  const without = states.filter((s) => !s.sidecar);
  // Pods without a sidecar whose template would not be injected either are explained by the
  // template's cause; only pods that a restart would fix get a finding of their own.
  for (const s of states.filter((st) => st.sidecar || wouldInjectNow)) {
    add({
      cause: s.sidecar ? 'already-injected' : 'created-before-enablement',
      severity: s.sidecar ? 'pass' : 'error',
      subject: { kind: 'Pod', namespace: ref.namespace, name: s.pod.metadata.name },
      message: s.sidecar
        ? `Pod ${s.pod.metadata.name} has a sidecar${s.sidecar.proxyVersion ? ` (proxy ${s.sidecar.proxyVersion})` : ''}.`
        : `Pod ${s.pod.metadata.name} has no sidecar${wouldInjectNow ? `; it was created (${s.pod.metadata.creationTimestamp ?? 'time unknown'}) before injection was enabled` : ''}.`,
      ...(s.sidecar
        ? {}
        : wouldInjectNow
          ? {
              fix: {
                text: 'Restart the workload so its pods are recreated through the webhook.',
                command: restartCommand(fixCtx),
              },
            }
          : {}),
    });
  }
  const templateBlocker =
    drafts.find((d) => d.severity === 'error' && d.subject.kind !== 'Pod') ??
    drafts.find((d) => d.severity === 'info' && isByDesign(d.cause));
  if (templateSidecar || (pods.length > 0 && without.length === 0)) {
    if (wouldInjectNow === false && !templateSidecar && templateBlocker) {
      add({
        cause: templateBlocker.cause,
        severity: 'warning',
        subject: ref,
        message: `Its running pods have sidecars, but new pods will NOT be injected: ${templateBlocker.message}`,
      });
    }
    return finish(
      'injected',
      'already-injected',
      drafts,
      notes,
      wouldInjectNow,
      injectedBy,
      templateSidecar ?? states[0]?.sidecar,
    );
  }
  if (templateBlocker)
    return finish(
      'not-injected',
      templateBlocker.cause,
      drafts,
      notes,
      wouldInjectNow,
      injectedBy,
      undefined,
    );
  if (wouldInjectNow && without.length > 0)
    return finish(
      'not-injected',
      'created-before-enablement',
      drafts,
      notes,
      wouldInjectNow,
      injectedBy,
      undefined,
    );
  const blocker = drafts.find((d) => d.severity === 'error');
  if (blocker)
    return finish('not-injected', blocker.cause, drafts, notes, wouldInjectNow, injectedBy, undefined);
  return finish('unknown', 'undetermined', drafts, notes, wouldInjectNow, injectedBy, undefined);
}

function finish(
  verdict: InjectionVerdict,
  cause: InjectionCause | 'undetermined',
  drafts: Draft[],
  notes: GatherNote[],
  wouldInjectNow: boolean | undefined,
  injectedBy: InjectionDecision['injectedBy'],
  sidecar: Sidecar | undefined,
): InjectionDecision {
  let seenDeciding = false;
  const findings = drafts.map((d): Finding => {
    // The deciding cause stays an error; other blockers are demoted to warnings ("also blocking").
    let severity: Severity = d.severity;
    if (d.severity === 'error') {
      if (d.cause === cause && !seenDeciding) seenDeciding = true;
      else severity = 'warning';
    }
    return { ...d, severity, code: injectionChecks[d.cause].code };
  });
  return { verdict, cause, wouldInjectNow, injectedBy, sidecar, findings, notes };
}
