import type { CauseSpec } from '../../core/check.ts';
import type { Fact, Finding, ObjectRef, Severity } from '../../core/finding.ts';

/**
 * A producer of proxy-configuration findings (MESH05xx): pure functions over parsed Envoy data,
 * called by the proxy commands and summaries. It declares the causes it emits, like a check, so
 * the catalogue (diagnostics/catalogue.ts) is assembled from the registry.
 */
export type FindingProducer = {
  /** `proxy.kebab-name`. */
  readonly id: string;
  readonly area: 'proxy';
  readonly title: string;
  readonly emits: readonly CauseSpec[];
};

/** Builds a finding of a declared cause; facts are capped so a huge mesh cannot flood Slack. */
export function proxyFinding(
  spec: CauseSpec,
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
    code: spec.code,
    cause: spec.cause,
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
