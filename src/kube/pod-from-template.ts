import type { Deployment, Pod } from '../schemas/kube.ts';

/** "A pod created now" from a workload's template: same labels, annotations and spec. */
export function podFromTemplate(workload: Deployment, namespace: string, name: string): Pod {
  const template = workload.spec.template;
  return {
    metadata: {
      ...template.metadata,
      name: `${name} (pod template)`,
      namespace,
      labels: template.metadata.labels,
      annotations: template.metadata.annotations,
    },
    spec: template.spec,
  };
}
