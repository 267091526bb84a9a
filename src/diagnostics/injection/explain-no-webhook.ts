import type { Fact, Fix, ObjectRef } from '../../core/finding.ts';
import { describeSelector } from '../../kube/label-selector.ts';
import type { Pod } from '../../schemas/kube.ts';
import { knownRevisions, type WebhookEvaluation } from './evaluate-webhooks.ts';
import { injectKey } from './inject-required.ts';
import type { InjectionCause } from './injection-checks.ts';
import {
  type FixContext,
  labelAndRestart,
  labelNamespace,
  optInTemplate,
  restartCommand,
} from './injection-fixes.ts';

export type Explanation = {
  cause: InjectionCause;
  subject: ObjectRef;
  message: string;
  facts: Fact[];
  fix?: Fix;
};

type Input = {
  evaluations: readonly WebhookEvaluation[];
  namespaceLabels: Readonly<Record<string, string>>;
  pod: Pod;
  fix: FixContext;
};

/**
 * Why the API server calls no Istio webhook for this pod (stage A, labels only), most specific
 * reason first. Follows the selector consequences listed in istio-semantics.md §1.1.
 */
export function explainNoWebhook({ evaluations, namespaceLabels, pod, fix }: Input): Explanation {
  const ns = fix.namespace;
  const nsRef: ObjectRef = { kind: 'Namespace', name: ns };
  const podRef: ObjectRef = { kind: 'Pod', namespace: ns, name: pod.metadata.name };
  const nsFact = (key: string): Fact => ({
    label: `namespace label ${key}`,
    value: namespaceLabels[key] ?? '(absent)',
    source: nsRef,
  });
  const injection = namespaceLabels['istio-injection'];
  const nsRev = namespaceLabels['istio.io/rev'];
  const podRev = pod.metadata.labels['istio.io/rev'];
  const revisions = knownRevisions(evaluations);
  const revisionList = revisions.length > 0 ? revisions.join(', ') : '(none)';
  const active = evaluations.filter((e) => !e.deactivated);
  const hasDefault = active.some((e) =>
    (e.webhook.namespaceSelector?.matchExpressions ?? []).some(
      (r) => r.key === 'istio-injection' && r.operator === 'In' && (r.values ?? []).includes('enabled'),
    ),
  );

  if (evaluations.length === 0) {
    return {
      cause: 'no-injector-webhook',
      subject: { kind: 'MutatingWebhookConfiguration', name: '(none)' },
      message: 'No Istio sidecar-injection webhook is installed in this cluster, so no pod is ever injected.',
      facts: [{ label: 'MutatingWebhookConfigurations with an *.istio.io webhook', value: '0' }],
      fix: {
        text: 'Install the istiod chart (it creates the istio-sidecar-injector webhook), then restart the workload.',
        command: `${fix.kubectl} get mutatingwebhookconfigurations -l app=sidecar-injector`,
      },
    };
  }
  if (active.length === 0) {
    const names = [...new Set(evaluations.map((e) => e.configuration))].join(', ');
    return {
      cause: 'webhook-deactivated',
      subject: { kind: 'MutatingWebhookConfiguration', name: names },
      message: `Every Istio injection webhook (${names}) is deactivated with the never-match selector, as \`istioctl tag set default\` leaves the old one; no revision tag takes over.`,
      facts: [{ label: 'selectors', value: 'istio.io/deactivated=never-match' }],
      fix: {
        text: 'Point the default tag at an installed revision so a webhook serves istio-injection=enabled namespaces again.',
        command: 'istioctl tag list && istioctl tag set default --revision <revision> --overwrite',
      },
    };
  }
  if (injection !== undefined && injection !== 'enabled') {
    const podOptIn = pod.metadata.labels[injectKey] === 'true';
    const facts = [nsFact('istio-injection')];
    if (podOptIn)
      facts.push({
        label: `pod label ${injectKey}`,
        value: 'true (ignored: the namespace label wins)',
        source: podRef,
      });
    if (injection === 'disabled') {
      return {
        cause: 'namespace-injection-disabled',
        subject: nsRef,
        message: `Namespace ${ns} has istio-injection=disabled, which turns injection off for every pod in it${podOptIn ? ', even pods labelled sidecar.istio.io/inject=true' : ''}.`,
        facts,
        fix: labelAndRestart(
          fix,
          'istio-injection=enabled --overwrite',
          'If this namespace belongs in the mesh, enable it.',
        ),
      };
    }
    return {
      cause: 'namespace-label-invalid-value',
      subject: nsRef,
      message: `Namespace ${ns} has istio-injection=${injection}; only the exact value "enabled" turns injection on, and any other value blocks every Istio webhook.`,
      facts,
      fix: labelAndRestart(fix, 'istio-injection=enabled --overwrite', 'Set the label to exactly "enabled".'),
    };
  }
  if (injection === 'enabled') {
    if (nsRev !== undefined) {
      return {
        cause: 'conflicting-namespace-labels',
        subject: nsRef,
        message: `Namespace ${ns} has both istio-injection=enabled and istio.io/rev=${nsRev}; the legacy label wins, so only the default revision could inject, and no default revision or default tag exists.`,
        facts: [
          nsFact('istio-injection'),
          nsFact('istio.io/rev'),
          { label: 'revisions and tags with webhooks', value: revisionList },
        ],
        fix: labelAndRestart(
          fix,
          'istio-injection-',
          `Remove istio-injection so istio.io/rev=${nsRev} decides.`,
        ),
      };
    }
    return {
      cause: 'no-default-revision',
      subject: nsRef,
      message: `Namespace ${ns} has istio-injection=enabled, but no default revision or "default" revision tag is installed to serve it (only revisions ${revisionList}).`,
      facts: [nsFact('istio-injection'), { label: 'revisions and tags with webhooks', value: revisionList }],
      fix: {
        text: 'Either make a revision the default with a tag, or label the namespace with the revision to use; then restart the workload.',
        command: `istioctl tag set default --revision ${revisions[0] ?? '<revision>'}   # or: ${labelNamespace(fix, `istio-injection- istio.io/rev=${revisions[0] ?? '<revision>'}`)} && ${restartCommand(fix)}`,
      },
    };
  }
  if (nsRev !== undefined || podRev !== undefined) {
    const rev = (nsRev ?? podRev) as string;
    if (!revisions.includes(rev)) {
      const onNamespace = nsRev !== undefined;
      const target = revisions.find((r) => r !== 'default') ?? revisions[0];
      return {
        cause: 'revision-without-webhook',
        subject: onNamespace ? nsRef : podRef,
        message: `${onNamespace ? `Namespace ${ns}` : `Pod ${pod.metadata.name}`} asks for istio.io/rev=${rev}, but no injection webhook serves a revision or tag named "${rev}" (installed: ${revisionList}).`,
        facts: [
          onNamespace
            ? nsFact('istio.io/rev')
            : { label: 'pod label istio.io/rev', value: rev, source: podRef },
          { label: 'revisions and tags with webhooks', value: revisionList },
        ],
        fix: onNamespace
          ? labelAndRestart(
              fix,
              `istio.io/rev=${target ?? '<revision>'} --overwrite`,
              `Point the namespace at an installed revision (or create the tag: istioctl tag set ${rev} --revision <revision>).`,
            )
          : {
              text: `Change the pod label istio.io/rev to an installed revision (${revisionList}), or create the tag with istioctl tag set ${rev} --revision <revision>.`,
            },
      };
    }
  }
  if (namespaceLabels['istio.io/dataplane-mode'] === 'ambient' && nsRev === undefined) {
    return {
      cause: 'ambient-namespace',
      subject: nsRef,
      message: `Namespace ${ns} is in ambient mode (istio.io/dataplane-mode=ambient): its pods have no sidecar by design; ztunnel carries their traffic.`,
      facts: [
        nsFact('istio.io/dataplane-mode'),
        {
          label: 'pod annotation ambient.istio.io/redirection',
          value: pod.metadata.annotations['ambient.istio.io/redirection'] ?? '(absent)',
          source: podRef,
        },
      ],
      fix: {
        text: 'Nothing to fix if ambient is intended. To use a sidecar for this workload instead, set the pod label istio.io/dataplane-mode=none and enable sidecar injection for it.',
      },
    };
  }
  if (pod.metadata.labels['istio.io/dataplane-mode'] === 'ambient') {
    return {
      cause: 'ambient-pod',
      subject: podRef,
      message: `Pod ${pod.metadata.name} is enrolled in ambient mode by its label istio.io/dataplane-mode=ambient: no sidecar by design.`,
      facts: [{ label: 'pod label istio.io/dataplane-mode', value: 'ambient', source: podRef }],
      fix: { text: 'Nothing to fix if ambient is intended.' },
    };
  }
  if (pod.metadata.annotations[injectKey] === 'true' && injection === undefined && nsRev === undefined) {
    return {
      cause: 'annotation-opt-in-ignored',
      subject: podRef,
      message: `Pod ${pod.metadata.name} opts in with the annotation sidecar.istio.io/inject=true, but webhook selectors only see labels, and namespace ${ns} is not enabled, so no webhook is called.`,
      facts: [
        { label: `pod annotation ${injectKey}`, value: 'true', source: podRef },
        nsFact('istio-injection'),
        nsFact('istio.io/rev'),
      ],
      fix: optInTemplate(fix),
    };
  }
  if (injection === undefined && nsRev === undefined) {
    const suggestion = hasDefault
      ? 'istio-injection=enabled'
      : `istio.io/rev=${revisions.find((r) => r !== 'default') ?? revisions[0] ?? '<revision>'}`;
    return {
      cause: 'namespace-not-enabled',
      subject: nsRef,
      message: `Namespace ${ns} has neither istio-injection=enabled nor an istio.io/rev label, and the pod does not opt in by label, so no Istio webhook is called.`,
      facts: [
        nsFact('istio-injection'),
        nsFact('istio.io/rev'),
        { label: 'revisions and tags with webhooks', value: revisionList },
      ],
      fix: labelAndRestart(fix, suggestion, 'Enable injection for the namespace.'),
    };
  }
  return {
    cause: 'webhook-selector-mismatch',
    subject: nsRef,
    message: `None of the ${active.length} active Istio injection webhooks selects namespace ${ns} together with this pod's labels.`,
    facts: active.slice(0, 6).map((e) => ({
      label: `${e.configuration} ${e.webhook.name}`,
      value: `namespace ${e.namespaceMatches ? 'matches' : 'does not match'} [${describeSelector(e.webhook.namespaceSelector)}]; pod ${e.objectMatches ? 'matches' : 'does not match'} [${describeSelector(e.webhook.objectSelector)}]`,
      source: { kind: 'MutatingWebhookConfiguration', name: e.configuration },
    })),
    fix: {
      text: 'Compare the webhook selectors above with the namespace and pod labels.',
      command: `istioctl x check-inject -n ${ns} ${pod.metadata.name}`,
    },
  };
}
