import type { CauseSpec } from '../../../../core/check.ts';
import type { ObjectMeta } from '../../../../schemas/kube.ts';
import { canaryFinding, canaryPass, refOf } from '../../canary-finding.ts';
import type { CanaryCheck, CanaryInput } from '../../canary-input.ts';
import { nsOf } from './routing-scene.ts';

type ManagedFieldsEntry = NonNullable<ObjectMeta['managedFields']>[number];

export const controllerWeightDriftCause: CauseSpec = {
  code: 'MESH0413',
  cause: 'controller-weight-drift',
  title: "R13 · The controller's weight is not the VirtualService's",
  severities: ['error', 'warning', 'pass'],
};

/** `1m30s`, `30s`, `2h`, `500ms` → seconds; undefined when unreadable. */
export function durationSeconds(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * (unit[p[2] ?? 's'] ?? 1), 0);
}

const touchesHttp = (fieldsV1: unknown): boolean => {
  const spec = (fieldsV1 as Record<string, unknown> | undefined)?.['f:spec'];
  return !!spec && typeof spec === 'object' && 'f:http' in spec;
};

/** The newest managedFields entry that wrote the VirtualService's spec.http. */
export function lastHttpWriter(
  entries: readonly ManagedFieldsEntry[] | null | undefined,
): ManagedFieldsEntry | undefined {
  let newest: ManagedFieldsEntry | undefined;
  for (const e of entries ?? [])
    if (touchesHttp(e.fieldsV1) && (!newest || (e.time ?? '') > (newest.time ?? ''))) newest = e;
  return newest;
}

/** The field managers each controller writes a VirtualService as (managedFields[].manager). */
export const controllerFieldManagers = {
  flagger: ['flagger'],
  argo: ['rollouts-controller', 'argo-rollouts'],
} as const;

type Claim = {
  who: string;
  ref: ReturnType<typeof refOf>;
  weight: number;
  /** When the controller last wrote its status (ms), if known. */
  since: number | undefined;
  intervalSeconds: number;
  intervalFrom: string;
  managers: readonly string[];
  fix: string;
};

/** 45s, 10m, 1h5m. */
const ago = (seconds: number): string =>
  seconds < 120
    ? `${seconds}s`
    : seconds < 7200
      ? `${Math.round(seconds / 60)}m`
      : `${Math.floor(seconds / 3600)}h${Math.round((seconds % 3600) / 60)}m`;

const time = (t: string | null | undefined): number | undefined => (t ? Date.parse(t) : undefined);
const newest = (...ts: (number | undefined)[]): number | undefined => {
  const known = ts.filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return known.length > 0 ? Math.max(...known) : undefined;
};

/** What the controller says the canary's weight is, in the phases where it owns the number (canary.md §8.4.1). */
function claim(input: CanaryInput): Claim | undefined {
  const c = input.controller;
  if (c.kind === 'flagger') {
    const status = c.canary.status;
    // Flagger writes canaryWeight only while Progressing or Waiting; elsewhere it is 0 while the VS keeps its split (flagger#1819).
    if (!status || !['Progressing', 'Waiting'].includes(status.phase ?? '')) return undefined;
    const weight = input.canary?.controllerWeight ?? status.canaryWeight;
    if (weight === undefined || weight === null) return undefined;
    const interval = durationSeconds(c.canary.spec.analysis?.interval);
    return {
      who: `Flagger Canary ${c.canary.metadata.name} (${status.phase})`,
      ref: refOf('Canary', c.canary),
      weight,
      since: newest(
        time(status.lastTransitionTime),
        ...(status.conditions ?? []).map((x) => time(x.lastUpdateTime)),
      ),
      intervalSeconds: interval ?? 60,
      intervalFrom: interval
        ? `analysis.interval ${c.canary.spec.analysis?.interval}`
        : 'default interval 60s',
      managers: controllerFieldManagers.flagger,
      fix: `Let Flagger own the VirtualService: exclude it (or its spec.http) from your GitOps sync, then Flagger rewrites the weight at its next interval.`,
    };
  }
  if (c.kind === 'argo') {
    const weights = c.rollout.status?.canary?.weights;
    const weight = input.canary?.controllerWeight ?? weights?.canary?.weight;
    if (weight === undefined || weight === null || !c.rollout.spec.strategy?.canary?.trafficRouting?.istio)
      return undefined;
    return {
      who: `Argo Rollout ${c.rollout.metadata.name}`,
      ref: refOf('Rollout', c.rollout),
      weight,
      since: newest(
        ...(c.rollout.status?.conditions ?? []).map((x) =>
          newest(time(x.lastUpdateTime), time(x.lastTransitionTime)),
        ),
      ),
      intervalSeconds: 60,
      intervalFrom: 'Argo has no interval: 60s assumed',
      managers: controllerFieldManagers.argo,
      fix: "Let Argo Rollouts own the VirtualService's weights: ignore spec.http in your GitOps tool (Argo CD ignoreDifferences), then retry or restart the Rollout so it writes them again (argo-rollouts#4741).",
    };
  }
  return undefined;
}

// R13 (F14): traffic goes where the live VirtualService says, not where the controller's status
// says. A GitOps tool re-applying the manifest, or a controller that lost track (argo-rollouts
// #4741), leaves them apart; managedFields names who last wrote spec.http. Short drifts happen
// between a status update and the VirtualService update: only a mismatch older than one interval
// is an error.
export const controllerWeightDrift: CanaryCheck = {
  id: 'canary.controller-weight-drift',
  area: 'canary',
  title: "R13 · The controller's weight is the VirtualService's",
  needs: ['meshVirtualServices', 'flaggerCanaries', 'argoRollouts'],
  emits: [controllerWeightDriftCause],
  run(input) {
    const said = claim(input);
    const split = input.split;
    if (!said || !split) return [];
    const dest = split.destinations.find((d) => d.role === 'canary');
    const vsWeight = input.canary?.vsWeight ?? dest?.weight;
    if (vsWeight === undefined) return [];
    const vs = split.vs;
    if (vsWeight === said.weight)
      return [
        canaryPass(
          controllerWeightDriftCause,
          said.ref,
          `${said.who} and VirtualService ${vs.metadata.name} agree: canary weight ${vsWeight}.`,
        ),
      ];
    const writer = lastHttpWriter(vs.metadata.managedFields);
    const writerName = writer?.manager;
    const byController = writerName !== undefined && said.managers.some((m) => writerName.includes(m));
    const since = newest(said.since, time(writer?.time));
    const ageSeconds = since === undefined ? undefined : Math.max(0, Math.round((input.now - since) / 1000));
    const long = ageSeconds !== undefined && ageSeconds > said.intervalSeconds;
    const effective = input.canary?.effectiveWeight;
    const writerText = writerName
      ? ` spec.http was last written by ${writerName}${writer?.time ? ` at ${writer.time}` : ''}${byController ? ' (the controller itself)' : ''}.`
      : ' managedFields do not say who last wrote spec.http.';
    return [
      canaryFinding(controllerWeightDriftCause, {
        severity: long ? 'error' : 'warning',
        subject: refOf('VirtualService', vs),
        message: `${said.who} says the canary gets ${said.weight}%, but VirtualService ${vs.metadata.name} gives it weight ${vsWeight}${effective !== undefined && effective !== vsWeight ? ` (${effective}% effective)` : ''}: traffic follows the VirtualService.${writerText} ${
          ageSeconds === undefined
            ? 'Since when is unknown.'
            : long
              ? `Apart for at least ${ago(ageSeconds)}, more than one interval (${said.intervalFrom}).`
              : `Apart for ${ago(ageSeconds)}, within one interval (${said.intervalFrom}): may still converge.`
        }`,
        facts: [
          { label: 'controller weight', value: String(said.weight), source: said.ref },
          { label: 'VirtualService weight', value: String(vsWeight), source: refOf('VirtualService', vs) },
          ...(writerName
            ? [
                {
                  label: 'last writer of spec.http',
                  value: `${writerName}${writer?.time ? ` (${writer.time})` : ''}`,
                  source: refOf('VirtualService', vs),
                },
              ]
            : []),
        ],
        fix: {
          text:
            byController || !writerName
              ? `Check the controller's events and log for VirtualService update errors.`
              : said.fix,
          command: `${input.kubectl} -n ${nsOf(vs)} get virtualservice ${vs.metadata.name} --show-managed-fields -o yaml`,
        },
      }),
    ];
  },
};
