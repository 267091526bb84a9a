import type { CauseSpec } from '../../../core/check.ts';
import { injectionFinding } from '../injection-finding.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const multipleWebhooksMatchCause: CauseSpec = {
  code: 'MESH0119',
  cause: 'multiple-webhooks-match',
  title: 'More than one injection webhook matches',
  severities: ['warning'],
};

// Two configurations selecting the same pod both mutate it: double injection or a failed start
// (IST0139, istio-semantics.md §1.6).
export const multipleWebhooks: InjectionCheck = {
  id: 'injection.multiple-webhooks',
  area: 'injection',
  stage: 'webhook',
  title: 'At most one injection webhook configuration matches',
  needs: ['pod', 'namespace', 'mutatingWebhooks'],
  emits: [multipleWebhooksMatchCause],
  run({ called }) {
    const configurations = [...new Set((called ?? []).map((c) => c.configuration))];
    if (configurations.length < 2) return [];
    return [
      injectionFinding(multipleWebhooksMatchCause, {
        severity: 'warning',
        subject: { kind: 'MutatingWebhookConfiguration', name: configurations.join(', ') },
        message: `${configurations.length} injection webhook configurations match this pod (${configurations.join(', ')}); the pod may be injected twice or fail to start.`,
        fix: { text: 'Keep one revision or tag serving this namespace.', command: 'istioctl tag list' },
      }),
    ];
  },
};
