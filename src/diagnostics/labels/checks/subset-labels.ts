import type { CauseSpec } from '../../../core/check.ts';
import type { Finding } from '../../../core/finding.ts';
import { serviceSelects } from '../../../kube/service-selects.ts';
import { resolveHost } from '../host-resolution.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';

export const subsetTooBroadCause: CauseSpec = {
  code: 'MESH0308',
  cause: 'subset-too-broad',
  title: 'A subset selects pods of several versions',
  severities: ['warning', 'pass'],
};
export const subsetWithoutLabelsCause: CauseSpec = {
  code: 'MESH0309',
  cause: 'subset-without-labels',
  title: 'A subset has no labels',
  severities: ['warning', 'pass'],
};

// A subset is meant to be one version: one that matches pods of several `version` values (or has
// no labels at all, so every pod of the Service) splits traffic where the route meant to choose.
export const subsetLabels: LabelsCheck = {
  id: 'labels.subset-labels',
  area: 'labels',
  title: 'Every subset selects one version',
  needs: ['meshDestinationRules', 'namespacePods', 'meshServices', 'serviceEntries'],
  emits: [subsetTooBroadCause, subsetWithoutLabelsCause],
  run({ rules, pods, allServices, serviceEntries }) {
    const findings: Finding[] = [];
    for (const rule of rules) {
      const ns = rule.metadata.namespace ?? 'default';
      const resolved = resolveHost(rule.spec.host ?? '', ns, allServices, serviceEntries);
      const servicePods =
        resolved?.kind === 'service' ? pods.filter((p) => serviceSelects(resolved.service, p)) : [];
      for (const subset of rule.spec.subsets ?? []) {
        const labels = subset.labels ?? {};
        if (Object.keys(labels).length === 0) {
          findings.push(
            labelsFinding(subsetWithoutLabelsCause, {
              severity: 'warning',
              subject: refOf('DestinationRule', rule),
              message: `Subset ${subset.name} of DestinationRule ${rule.metadata.name} has no labels: it is every pod of the Service, not one version.`,
              fix: {
                text: `Give subset ${subset.name} the labels of the pods it stands for (e.g. version: ${subset.name}).`,
              },
            }),
          );
          continue;
        }
        const versions = new Set(
          servicePods
            .filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels[k] === v))
            .map((p) => p.metadata.labels.version)
            .filter((v): v is string => v !== undefined),
        );
        if (versions.size > 1)
          findings.push(
            labelsFinding(subsetTooBroadCause, {
              severity: 'warning',
              subject: refOf('DestinationRule', rule),
              message: `Subset ${subset.name} of DestinationRule ${rule.metadata.name} matches pods of ${versions.size} versions (${[...versions].sort().join(', ')}): traffic routed to it is split between them.`,
              fix: { text: `Add the version label to subset ${subset.name}'s labels.` },
            }),
          );
      }
    }
    const [first] = rules;
    if (findings.length === 0 && first)
      return [
        labelsPass(subsetTooBroadCause, refOf('DestinationRule', first), 'No subset spans several versions.'),
        labelsPass(subsetWithoutLabelsCause, refOf('DestinationRule', first), 'Every subset has labels.'),
      ];
    return findings;
  },
};
