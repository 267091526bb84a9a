import type { CauseSpec } from '../../../core/check.ts';
import { resolveHost } from '../host-resolution.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';

export const destinationRuleHostUnknownCause: CauseSpec = {
  code: 'MESH0304',
  cause: 'destination-rule-host-unknown',
  title: "A DestinationRule's host is no Service or ServiceEntry",
  severities: ['warning', 'pass'],
};

// IST0174: a rule for a host nothing answers to applies to nothing: its subsets and TLS settings
// are silently unused (often a short name resolved in the wrong namespace).
export const destinationRuleHostUnknown: LabelsCheck = {
  id: 'labels.destination-rule-host-unknown',
  area: 'labels',
  title: "Every DestinationRule's host exists",
  needs: ['meshDestinationRules', 'meshServices', 'serviceEntries'],
  emits: [destinationRuleHostUnknownCause],
  run({ rules, allServices, serviceEntries, namespace }) {
    const local = rules.filter((r) => (r.metadata.namespace ?? 'default') === namespace);
    const findings = local
      .filter(
        (r) =>
          !resolveHost(r.spec.host ?? '', r.metadata.namespace ?? 'default', allServices, serviceEntries),
      )
      .map((r) =>
        labelsFinding(destinationRuleHostUnknownCause, {
          severity: 'warning',
          subject: refOf('DestinationRule', r),
          message: `DestinationRule ${r.metadata.name} is for host ${r.spec.host ?? '(none)'}, which no Service or ServiceEntry answers to: it applies to nothing.`,
          fix: {
            text: "Name an existing host (short names resolve in the rule's own namespace; use the FQDN for another namespace), or delete the rule.",
          },
        }),
      );
    const [first] = local;
    if (findings.length === 0 && first)
      return [
        labelsPass(
          destinationRuleHostUnknownCause,
          refOf('DestinationRule', first),
          'Every DestinationRule names an existing host.',
        ),
      ];
    return findings;
  },
};
