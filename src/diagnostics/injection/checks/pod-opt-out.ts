import type { CauseSpec } from '../../../core/check.ts';
import { injectKey } from '../inject-required.ts';
import { injectionFinding } from '../injection-finding.ts';
import { removeTemplateField } from '../injection-fixes.ts';
import type { InjectionCheck } from '../injection-input.ts';

export const podLabelOptOutCause: CauseSpec = {
  code: 'MESH0109',
  cause: 'pod-label-opt-out',
  title: 'Pod label sidecar.istio.io/inject=false',
  severities: ['error', 'warning', 'pass'],
};
export const podAnnotationOptOutCause: CauseSpec = {
  code: 'MESH0110',
  cause: 'pod-annotation-opt-out',
  title: 'Pod annotation sidecar.istio.io/inject=false',
  severities: ['error', 'warning'],
};

// The label is excluded by every chart webhook's objectSelector (stage A); the annotation is
// seen only by istiod (stage B). When both are set the label's value replaces the annotation's
// (istio-semantics.md §1.3, "label is the new API").
export const podOptOut: InjectionCheck = {
  id: 'injection.pod-opt-out',
  area: 'injection',
  stage: 'explicit-opt',
  title: 'Pod does not opt out with sidecar.istio.io/inject=false',
  needs: ['pod'],
  emits: [podLabelOptOutCause, podAnnotationOptOutCause],
  run({ pod, opt, target, fix }) {
    if (opt.decision === 'false') {
      const isLabel = opt.source === 'label';
      return [
        injectionFinding(isLabel ? podLabelOptOutCause : podAnnotationOptOutCause, {
          severity: 'error',
          subject: target,
          message: isLabel
            ? `Pod ${pod.metadata.name} opts out with the label sidecar.istio.io/inject=false, so the webhooks' object selectors exclude it.`
            : `Pod ${pod.metadata.name} opts out with the annotation sidecar.istio.io/inject=false; istiod sees it and skips injection.`,
          facts: [{ label: `pod ${opt.source} ${injectKey}`, value: 'false', source: target }],
          fix: removeTemplateField(fix, isLabel ? 'labels' : 'annotations', injectKey),
        }),
      ];
    }
    const annotation = pod.metadata.annotations[injectKey];
    return [
      injectionFinding(podLabelOptOutCause, {
        severity: 'pass',
        subject: target,
        message:
          opt.source === 'label' && annotation === 'false'
            ? `The pod label ${injectKey}=${opt.value} overrides the annotation "false".`
            : `No ${injectKey}=false label or annotation on the pod.`,
      }),
    ];
  },
};
