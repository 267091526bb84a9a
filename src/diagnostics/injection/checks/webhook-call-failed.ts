import type { CauseSpec } from '../../../core/check.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const webhookCallFailedCause: CauseSpec = {
  code: 'MESH0121',
  cause: 'webhook-call-failed',
  title: 'Pod creation failed calling the injection webhook',
  severities: ['error', 'warning'],
};

// With the chart's failurePolicy Fail, an unreachable istiod means pods are not created at all;
// the ReplicaSet reports FailedCreate, surfaced as the workload's ReplicaFailure condition (§1.8).
export const webhookCallFailed: InjectionCheck = {
  id: 'injection.webhook-call-failed',
  area: 'injection',
  stage: 'creation',
  title: 'The API server reaches the injection webhook when creating pods',
  needs: ['workload'],
  emits: [webhookCallFailedCause],
  run({ workload, target, fix }) {
    const failure = (workload?.object.status?.conditions ?? []).find(
      (c) => c.type === 'ReplicaFailure' && c.status === 'True' && /webhook/i.test(c.message ?? ''),
    );
    if (!failure) return [];
    return [
      injectionFinding(webhookCallFailedCause, {
        severity: 'error',
        subject: target,
        message:
          `New pods cannot be created: the API server failed calling the injection webhook (failurePolicy Fail): ${failure.message ?? ''}`.trim(),
        facts: [{ label: 'condition ReplicaFailure', value: failure.message ?? '', source: target }],
        fix: {
          text: 'Check that istiod is running and reachable on port 15017 from the API server.',
          command: `${fix.kubectl} get pods,endpoints -n istio-system -l app=istiod`,
        },
      }),
    ];
  },
};
