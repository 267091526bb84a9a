import type { CauseSpec } from '../../../../core/check.ts';
import type { Fact } from '../../../../core/finding.ts';
import { canaryFinding, canaryPass } from '../../canary-finding.ts';
import type { CanaryCheck } from '../../canary-input.ts';
import { appRef, count, mirrorActive } from '../traffic/traffic-shape.ts';

export const callersOutsideMeshCause: CauseSpec = {
  code: 'MESH0424',
  cause: 'callers-outside-mesh',
  title: 'P04 · Callers outside the mesh',
  severities: ['warning', 'pass'],
};

/** Destination-side volume above this multiple of the source side means callers without a sidecar. */
export const outsideRatio = 1.2;

// A caller without a sidecar goes straight to a pod IP picked by kube-proxy: the VirtualService
// never sees it, so its requests ignore the split, and it appears at the destination as source
// `unknown` (canary.md F9, §6.3 "sidecar coverage"). The volume rule needs the error checks'
// minimum on the destination side (a few requests prove nothing); a mirror inflates the
// canary's destination volume on purpose, so its ratio is not judged then.
export const callersOutsideMesh: CanaryCheck = {
  id: 'canary.callers-outside-mesh',
  area: 'canary',
  title: 'Every caller goes through the mesh',
  needs: ['flaggerCanaries', 'meshVirtualServices'],
  emits: [callersOutsideMeshCause],
  run(input) {
    const m = input.metrics;
    if (!m) return [];
    const mirror = mirrorActive(input);
    const facts: Fact[] = [];
    let seen = 0;
    for (const role of ['stable', 'canary'] as const) {
      const v = m[role];
      if (!v) continue;
      seen += v.destinationRequests + v.sourceRequests;
      const ratioJudged =
        v.destinationRequests >= input.settings.minErrorRequests && !(role === 'canary' && mirror);
      if (ratioJudged && v.destinationRequests > outsideRatio * v.sourceRequests) {
        facts.push({
          label: `${role} volume`,
          value: `${count(v.destinationRequests)} seen by its sidecars vs ${count(v.sourceRequests)} sent by callers' sidecars (> ${outsideRatio}×)`,
        });
      }
      if (v.unknownSourceRequests > 0) {
        facts.push({
          label: `${role} callers`,
          value: `${count(v.unknownSourceRequests)} requests from source \`unknown\``,
        });
      }
    }
    const subject = appRef(input);
    if (facts.length === 0) {
      if (seen === 0) return [];
      return [
        canaryPass(
          callersOutsideMeshCause,
          subject,
          'Every request the versions received came through a caller sidecar.',
        ),
      ];
    }
    return [
      canaryFinding(callersOutsideMeshCause, {
        severity: 'warning',
        subject,
        message: `Some callers are outside the mesh: their requests reach the pods directly, ignore the VirtualService split and show as source \`unknown\`.`,
        facts,
        fix: {
          text: `Find the callers without a sidecar (reporter="destination", source_workload="unknown" in Prometheus) and inject them, or list the namespace's pods without one:`,
          command: `${input.kubectl} get pods -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\t"}{.spec.containers[*].name}{"\\n"}{end}' | grep -v istio-proxy`,
        },
      }),
    ];
  },
};
