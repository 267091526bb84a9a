import type { EvidenceKind } from './evidence.ts';
import type { Finding, Severity } from './finding.ts';

/** The areas checks belong to; commands select checks by area. Codes: 01xx injection … 05xx proxy. */
export const areas = ['injection', 'tls', 'labels', 'canary', 'proxy'] as const;
export type Area = (typeof areas)[number];

/** One entry of the finding catalogue (docs/findings.md): a stable code and cause id. */
export type CauseSpec = {
  /** MESH + four digits; never reused. */
  readonly code: string;
  /** Stable kebab-case id, the JSON contract's `cause`. */
  readonly cause: string;
  readonly title: string;
  /** Severities this cause may be reported with (`pass` = ruled out). */
  readonly severities: readonly Severity[];
};

/**
 * A diagnostic check: declares what it reads and what it may say, and decides from gathered
 * evidence alone. `run` is pure: no I/O, no clock (time comes in the input), no throwing for
 * expected situations. `Input` is the area's prepared view of the evidence bundle.
 */
export type Check<Input> = {
  /** `area.kebab-name`, e.g. `injection.host-network`. */
  readonly id: string;
  readonly area: Area;
  readonly title: string;
  readonly needs: readonly EvidenceKind[];
  readonly emits: readonly CauseSpec[];
  run(input: Input): Finding[];
};
