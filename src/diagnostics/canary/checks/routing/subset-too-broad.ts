import type { CauseSpec } from '../../../../core/check.ts';
import type { Finding } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { argoSubsetsAtRest } from '../controller/controller-state.ts';
import { appRef, labelText, mergedSubsets, podVersion } from './routing-scene.ts';

export const subsetTooBroadCause: CauseSpec = {
  code: 'MESH0406',
  cause: 'subset-spans-versions',
  title: 'R06 · A subset has no labels or spans several versions',
  severities: ['warning', 'pass'],
};

// R06 (F4, KIA0209): a subset without labels is the whole Service, and one whose labels match
// pods of both versions spreads "the canary's" share over every pod: the split means nothing and
// the canary's metrics mix versions. Host routing (Flagger, Argo canaryService) has no subsets.
// Argo pointing both subsets at the stable ReplicaSet with the canary at weight 0 is its state
// between rollouts, not an overlap.
export const subsetTooBroad: CanaryCheck = {
  id: 'canary.subset-too-broad',
  area: 'canary',
  title: 'R06 · Each subset selects exactly one version',
  needs: ['meshDestinationRules', 'services', 'namespacePods'],
  emits: [subsetTooBroadCause],
  run(input) {
    const versions = [input.stable, input.canary].filter((v) => v?.subset !== undefined && v.subsetDefined);
    if (versions.length === 0) return [];
    const findings: Finding[] = [];
    const atRest = argoSubsetsAtRest(input);
    for (const v of versions) {
      if (!v) continue;
      const rule = mergedSubsets(input.rules, v.host).subsets.get(v.subset ?? '')?.rule;
      const subject = rule ? refOf('DestinationRule', rule) : appRef(input);
      const labels = v.subsetLabels ?? {};
      const podNames = v.pods.map((p) => p.metadata.name).join(', ');
      if (Object.keys(labels).length === 0) {
        findings.push(
          canaryFinding(subsetTooBroadCause, {
            severity: 'warning',
            subject,
            message: `Subset ${v.subset} (${v.role}) has no labels: it is every pod of the Service (${v.pods.length}), so its share is not the ${v.role}'s.`,
            facts: [
              {
                label: 'subset',
                value: `${v.subset} (no labels)`,
                ...(rule ? { source: refOf('DestinationRule', rule) } : {}),
              },
            ],
            fix: {
              text: `Give subset ${v.subset} the label that only the ${v.role} pods carry (e.g. version: ${v.versionLabel ?? v.name}).`,
              ...(rule
                ? {
                    command: `${input.kubectl} -n ${rule.metadata.namespace ?? 'default'} edit destinationrule ${rule.metadata.name}`,
                  }
                : {}),
            },
          }),
        );
        continue;
      }
      const values = [...new Set(v.pods.map(podVersion).filter((x): x is string => x !== undefined))].sort();
      const other = v.role === 'stable' ? input.canary : input.stable;
      // Overlap is told once (on the canary), and not again when the other subset has no labels at all.
      const shared =
        other && atRest === undefined && Object.keys(other.subsetLabels ?? {}).length > 0
          ? v.pods.filter((p) => other.pods.includes(p))
          : [];
      if (values.length > 1 || (shared.length > 0 && v.role === 'canary')) {
        findings.push(
          canaryFinding(subsetTooBroadCause, {
            severity: 'warning',
            subject,
            message:
              values.length > 1
                ? `Subset ${v.subset} (${v.role}, ${labelText(labels)}) selects pods of ${values.length} versions (${values.join(', ')}): its share is spread over both, so the split and the ${v.role}'s metrics mix versions.`
                : `Subsets ${input.stable?.subset} and ${input.canary?.subset} select the same ${shared.length} pod${shared.length === 1 ? '' : 's'} (${shared.map((p) => p.metadata.name).join(', ')}): the split does not separate the versions.`,
            facts: [
              {
                label: 'subset labels',
                value: `${v.subset}: ${labelText(labels)}`,
                ...(rule ? { source: refOf('DestinationRule', rule) } : {}),
              },
              { label: 'pods', value: podNames || '(none)' },
              ...(values.length > 0 ? [{ label: 'version values', value: values.join(', ') }] : []),
            ],
            fix: {
              text: `Select on a label whose value differs between the versions (version: <value>), on the pods and in each subset.`,
              ...(rule
                ? {
                    command: `${input.kubectl} -n ${rule.metadata.namespace ?? 'default'} edit destinationrule ${rule.metadata.name}`,
                  }
                : {}),
            },
          }),
        );
      }
    }
    if (findings.length > 0) return findings;
    if (atRest !== undefined)
      return [
        canaryPass(
          subsetTooBroadCause,
          appRef(input),
          `No canary in flight: Argo Rollouts points subsets ${input.stable?.subset} and ${input.canary?.subset} at the same ReplicaSet (rollouts-pod-template-hash ${atRest}), the canary at weight 0.`,
        ),
      ];
    return [
      canaryPass(
        subsetTooBroadCause,
        appRef(input),
        `Each subset selects one version (${versions.map((v) => `${v?.subset}: ${labelText(v?.subsetLabels ?? {})}`).join('; ')}).`,
      ),
    ];
  },
};
