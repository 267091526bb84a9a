/**
 * A piece of evidence, or the reason it could not be read. Diagnostics branch on this instead of
 * catching exceptions: "could not read X" is part of the answer, not a crash.
 */
export type Gathered<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

export function gathered<T>(value: T): Gathered<T> {
  return { ok: true, value };
}

export function missing<T = never>(reason: string): Gathered<T> {
  return { ok: false, reason };
}
