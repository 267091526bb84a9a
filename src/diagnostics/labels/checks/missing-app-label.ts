import type { CauseSpec } from '../../../core/check.ts';
import { labelsFinding, labelsPass, refOf } from '../labels-finding.ts';
import type { LabelsCheck } from '../labels-input.ts';

export const missingAppLabelCause: CauseSpec = {
  code: 'MESH0306',
  cause: 'missing-app-label',
  title: "The app's pods lack an app label",
  severities: ['warning', 'pass'],
};
export const missingVersionLabelCause: CauseSpec = {
  code: 'MESH0307',
  cause: 'missing-version-label',
  title: "The app's pods lack a version label",
  severities: ['info', 'pass'],
};

const has = (labels: Readonly<Record<string, string>>, keys: string[]) =>
  keys.some((k) => labels[k] !== undefined);

// Istio's telemetry names workloads by `app`/`version` (or app.kubernetes.io/name / version), and
// subsets select on them: without them metrics say "unknown" and version routing has nothing to match.
export const missingAppLabel: LabelsCheck = {
  id: 'labels.missing-app-label',
  area: 'labels',
  title: "The app's pods carry app and version labels",
  needs: ['namespacePods', 'services'],
  emits: [missingAppLabelCause, missingVersionLabelCause],
  run({ appPods, services, target }) {
    const subject = services[0] ? refOf('Service', services[0]) : { kind: 'App', name: target.name };
    const noApp = appPods.filter((p) => !has(p.metadata.labels, ['app', 'app.kubernetes.io/name']));
    const noVersion = appPods.filter(
      (p) => !has(p.metadata.labels, ['version', 'app.kubernetes.io/version']),
    );
    const names = (pods: typeof appPods) =>
      pods
        .slice(0, 5)
        .map((p) => p.metadata.name)
        .join(', ') + (pods.length > 5 ? ` and ${pods.length - 5} more` : '');
    return [
      noApp.length > 0
        ? labelsFinding(missingAppLabelCause, {
            severity: 'warning',
            subject: refOf('Pod', noApp[0] ?? { metadata: { name: '?' } }),
            message: `${noApp.length} pod${noApp.length === 1 ? '' : 's'} of ${target.name} carry no app label (${names(noApp)}): Istio's metrics name their workload "unknown".`,
            fix: { text: 'Add app: <name> to the pod template of their workload.' },
          })
        : labelsPass(missingAppLabelCause, subject, 'Every pod of the app carries an app label.'),
      noVersion.length > 0
        ? labelsFinding(missingVersionLabelCause, {
            severity: 'info',
            subject: refOf('Pod', noVersion[0] ?? { metadata: { name: '?' } }),
            message: `${noVersion.length} pod${noVersion.length === 1 ? '' : 's'} of ${target.name} carry no version label (${names(noVersion)}): subsets by version cannot select them, and metrics show no version.`,
            fix: { text: 'Add version: <v> to the pod template of their workload.' },
          })
        : labelsPass(missingVersionLabelCause, subject, 'Every pod of the app carries a version label.'),
    ];
  },
};
