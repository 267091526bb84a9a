import { expect } from 'vitest';
import type { CanaryCheck } from '../../src/diagnostics/canary/canary-input.ts';

/**
 * A canary area's check list: sorted by id (the order findings come out in), emitting exactly
 * `codes` (the rows of docs/findings.md), every cause titled with its canary.md id (`P01 · …`).
 */
export function expectCheckList(
  checks: readonly CanaryCheck[],
  codes: readonly string[],
  title: RegExp,
): void {
  const ids = checks.map((c) => c.id);
  expect(ids).toEqual([...ids].sort());
  expect(checks.flatMap((c) => c.emits.map((e) => e.code)).sort()).toEqual([...codes]);
  for (const c of checks) {
    expect(c.area).toBe('canary');
    for (const e of c.emits) expect(e.title).toMatch(title);
  }
}
