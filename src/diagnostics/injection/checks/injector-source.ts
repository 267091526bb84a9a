import type { Fact, ObjectRef } from '../../../core/finding.ts';
import type { InjectionInput } from '../injection-input.ts';

/** Shown instead of a citation when the injector ConfigMap was not read and chart defaults assumed. */
export const assumedDefaults = 'assumed chart default; the injector ConfigMap was not read';

/**
 * What an injector-config finding cites: the ConfigMap when it was read. When chart defaults were
 * assumed the finding is about the target and its facts cite nothing (an assumption is not a fact;
 * the gather note says what was missing).
 */
export function injectorSubject(input: InjectionInput): ObjectRef {
  return input.injectorRef ?? input.target;
}

/** A fact read from the injector config, citing the ConfigMap only when it was read. */
export function injectorFact(input: InjectionInput, label: string, value: string): Fact {
  return input.injectorRef
    ? { label, value, source: input.injectorRef }
    : { label, value: `${value} (${assumedDefaults})` };
}

/** The policy fact every policy finding carries. */
export function policyFact(input: InjectionInput): Fact {
  return injectorFact(input, 'policy', input.injector.policy || '(empty)');
}
