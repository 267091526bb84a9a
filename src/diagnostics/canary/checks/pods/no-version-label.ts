import type { CauseSpec } from '../../../../core/check.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { argoOf, argoSubsetsAtRest } from '../controller/controller-state.ts';
import { appRef } from '../traffic/traffic-shape.ts';

export const noVersionLabelCause: CauseSpec = {
  code: 'MESH0425',
  cause: 'no-version-label',
  title: 'P05 · No usable version label',
  severities: ['warning', 'pass'],
};

// Plain Istio and Argo's subset mode tell the versions apart by a pod label (destination_version,
// canonical revision): missing or equal on both, the metrics cannot separate them and the subsets
// select the same pods. Flagger (destination_workload) and Argo's host mode
// (destination_service_name) separate them by name, so the label is not needed there unless the
// versions have no metric key at all (canary.md §6.2, F13). Argo with no canary in flight (both
// subsets on the stable ReplicaSet, weight 0) has one version only: nothing to tell apart.
export const noVersionLabel: CanaryCheck = {
  id: 'canary.no-version-label',
  area: 'canary',
  title: 'The canary and stable pods carry distinct version labels',
  needs: ['namespacePods', 'argoRollouts'],
  emits: [noVersionLabelCause],
  run(input) {
    const { canary, stable } = input;
    if (!canary || !stable) return [];
    const byLabel = input.mode === 'istio' || input.mode === 'argo-subset';
    const keyed = canary.metricKey !== undefined && stable.metricKey !== undefined;
    const subject = appRef(input);
    if (!byLabel && keyed) {
      return [
        canaryPass(
          noVersionLabelCause,
          subject,
          `The versions are told apart by ${canary.metricKey?.label}; no version label is needed.`,
        ),
      ];
    }
    const atRest = argoSubsetsAtRest(input);
    if (atRest !== undefined)
      return [
        canaryPass(
          noVersionLabelCause,
          subject,
          `No canary in flight: both subsets select the same ReplicaSet (rollouts-pod-template-hash ${atRest}), one version, nothing to tell apart.`,
        ),
      ];
    const missing = canary.versionLabel === undefined || stable.versionLabel === undefined;
    const same = !missing && canary.versionLabel === stable.versionLabel;
    if (!missing && !same && keyed) {
      return [
        canaryPass(
          noVersionLabelCause,
          subject,
          `Canary (${canary.versionLabel}) and stable (${stable.versionLabel}) carry distinct version labels.`,
        ),
      ];
    }
    const facts = [
      { label: 'canary version label', value: canary.versionLabel ?? '(none)' },
      { label: 'stable version label', value: stable.versionLabel ?? '(none)' },
    ];
    const argo = argoOf(input);
    if (input.mode === 'argo-subset' && argo) {
      return [
        canaryFinding(noVersionLabelCause, {
          severity: 'warning',
          subject,
          message: `The canary and stable pods of Rollout ${argo.rollout.metadata.name} carry ${missing ? 'no version label' : `the same version label (${canary.versionLabel})`}: add a per-revision \`version\` label. Istio strips rollouts-pod-template-hash from the workload name, so both versions share destination_workload and their metrics cannot be told apart.`,
          facts,
          // Not canaryMetadata/stableMetadata: Argo relabels pods on promotion, but a sidecar keeps
          // the labels it started with, so promoted pods would go on reporting "canary".
          fix: {
            text: 'Put a `version` label in the pod template that changes with each release (e.g. the image tag); the next revision then reports its own destination_version.',
            command: `${input.kubectl} patch rollout ${argo.rollout.metadata.name} -n ${input.namespace} --type=merge -p '{"spec":{"template":{"metadata":{"labels":{"version":"<release>"}}}}}'`,
          },
        }),
      ];
    }
    return [
      canaryFinding(noVersionLabelCause, {
        severity: 'warning',
        subject,
        message: `The canary and stable pods carry ${missing ? 'no usable version label' : `the same version label (${canary.versionLabel})`}: Istio's metrics report them as one version (destination_version ${missing ? '"unknown"' : `"${canary.versionLabel}"`}), so the split and health per version cannot be measured.`,
        facts,
        fix: {
          text: "Give each version's pod template its own `version` label (and the DestinationRule subsets the matching labels), then roll the pods.",
        },
      }),
    ];
  },
};
