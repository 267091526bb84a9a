import type { CauseSpec } from '../../../core/check.ts';
import type { Fact } from '../../../core/finding.ts';
import { isIstioWebhook } from '../../../kube/istio-webhook.ts';
import { effectiveFailurePolicy } from '../evaluate-webhooks.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck, InjectionInput } from '../injection-input.ts';

export const webhookCallFailedCause: CauseSpec = {
  code: 'MESH0121',
  cause: 'webhook-call-failed',
  title: 'Pod creation failed calling the injection webhook',
  severities: ['error', 'warning'],
};

// The API server names the webhook it failed to call: `failed calling webhook "<name>"`.
const failedCalling = /failed calling webhook "([^"]+)"/;

// With failurePolicy Fail, an unreachable istiod means pods are not created at all; the
// ReplicaSet reports FailedCreate, surfaced as the workload's ReplicaFailure condition (§1.8).
export const webhookCallFailed: InjectionCheck = {
  id: 'injection.webhook-call-failed',
  area: 'injection',
  stage: 'creation',
  title: 'The API server reaches the injection webhook when creating pods',
  needs: ['workload', 'pod', 'namespace', 'mutatingWebhooks'],
  emits: [webhookCallFailedCause],
  run(input) {
    const { workload, target, fix } = input;
    const failure = (workload?.object.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure' && c.status === 'True')
      .map((c) => ({ message: c.message ?? '', webhook: failedCalling.exec(c.message ?? '')?.[1] }))
      .find((f) => f.webhook !== undefined && isIstioWebhook({ name: f.webhook }));
    if (!failure?.webhook) return [];
    const policy = failurePolicy(input, failure.webhook);
    const facts: Fact[] = [{ label: 'condition ReplicaFailure', value: failure.message, source: target }];
    if (policy) facts.push({ label: 'failurePolicy', value: policy.value, source: policy.source });
    const named = policy ? ` (failurePolicy ${policy.value})` : '';
    return [
      injectionFinding(webhookCallFailedCause, {
        severity: 'error',
        subject: target,
        message: `New pods cannot be created: the API server failed calling the Istio injection webhook ${failure.webhook}${named}: ${failure.message}`,
        facts,
        fix: {
          text: 'Check that istiod is running and reachable on port 15017 from the API server.',
          command: `${fix.kubectl} get pods,endpoints -n istio-system -l app=istiod`,
        },
      }),
    ];
  },
};

// The named webhook's policy as read from its configuration (unset means Fail in
// admissionregistration/v1); none when not read or when same-named webhooks disagree.
function failurePolicy(input: InjectionInput, name: string) {
  const byName = (input.evaluations ?? []).filter((e) => e.webhook.name === name);
  const called = byName.filter((e) => input.called?.includes(e));
  const candidates = called.length > 0 ? called : byName;
  const policies = new Set(candidates.map(effectiveFailurePolicy));
  const [first] = candidates;
  if (!first || policies.size !== 1) return undefined;
  const source = { kind: 'MutatingWebhookConfiguration', name: first.configuration };
  return { value: effectiveFailurePolicy(first), source };
}
