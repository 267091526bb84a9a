/**
 * A piece of evidence, or the reason it could not be read. Diagnostics branch on this instead of
 * catching exceptions: "could not read X" is part of the answer, not a crash.
 */
export type Gathered<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: string;
      /** Offline: the objects were not saved with the --from files; this `kubectl get` saves them. */
      readonly saveWith?: string;
    };

export function gathered<T>(value: T): Gathered<T> {
  return { ok: true, value };
}

export function missing<T = never>(reason: string, saveWith?: string): Gathered<T> {
  return saveWith ? { ok: false, reason, saveWith } : { ok: false, reason };
}
