import type { Fact, Finding, ObjectRef, Severity } from '../core/finding.ts';

// The catalogue of proxy-configuration checks (MESH05xx, docs/findings.md). Codes are never reused.
export const proxyChecks = {
  'endpoints-unhealthy': { code: 'MESH0501', title: 'Some endpoints are not healthy' },
  'cluster-without-healthy-endpoints': {
    code: 'MESH0502',
    title: 'A cluster has endpoints but none is healthy',
  },
  'endpoints-outlier-ejected': { code: 'MESH0503', title: 'Endpoints ejected by outlier detection' },
  'certificate-expired': { code: 'MESH0504', title: 'A certificate has expired' },
  'certificate-expiring-soon': { code: 'MESH0505', title: 'A certificate expires soon' },
  'certificate-not-yet-valid': { code: 'MESH0506', title: 'A certificate is not valid yet' },
  'secret-warming': { code: 'MESH0507', title: 'An SDS secret was requested but never delivered' },
  'resources-warming': { code: 'MESH0508', title: 'Clusters or listeners are still warming' },
  'config-rejected': { code: 'MESH0509', title: 'Envoy rejected configuration from istiod' },
} as const;
export type ProxyCause = keyof typeof proxyChecks;

/** Builds a finding of this catalogue; facts are capped so a huge mesh cannot flood Slack. */
export function proxyFinding(
  cause: ProxyCause,
  severity: Severity,
  subject: ObjectRef,
  message: string,
  facts: Fact[],
  fix?: Finding['fix'],
): Finding {
  const shown =
    facts.length > maxFacts
      ? [...facts.slice(0, maxFacts - 1), { label: 'more', value: `${facts.length - maxFacts + 1} more` }]
      : facts;
  return {
    code: proxyChecks[cause].code,
    cause,
    severity,
    subject,
    message,
    facts: shown,
    ...(fix ? { fix } : {}),
  };
}

export const maxFacts = 10;

/** Singular or plural noun with its count: "1 cluster", "3 clusters". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
