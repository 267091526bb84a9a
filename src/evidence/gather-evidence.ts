import type { EvidenceKind, Missing, Need } from '../core/evidence.ts';
import { MeshdocError, NotInFilesError, NotServedError } from '../errors.ts';
import type { EvidenceBundle } from './evidence-bundle.ts';
import { type EvidenceValues, evidenceSchemas } from './evidence-schemas.ts';
import { missingFromError } from './missing-from-error.ts';

/** What a gatherer may look at besides its own source: kinds it declared, once settled. */
export type GatherContext = {
  /** The value of a kind in `requires` or `uses`; undefined when that kind is missing. */
  value<K extends EvidenceKind>(kind: K): EvidenceValues[K] | undefined;
  /** Aborted when the kind's time is up. */
  readonly signal: AbortSignal;
};

/** Gathers one kind of evidence. The only code that does I/O; it throws MeshdocErrors. */
export type Gatherer<K extends EvidenceKind> = {
  /** Kinds it cannot do without: if one is missing, this one is missing as `not_gathered`. */
  readonly requires?: readonly EvidenceKind[];
  /** Kinds it reads when present (waited for; their absence is tolerated). */
  readonly uses?: readonly EvidenceKind[];
  /**
   * The value meaning "none exist", for an optional need whose resource the --from files do not
   * hold or the cluster does not serve (CRD not installed).
   */
  readonly none?: () => EvidenceValues[K];
  /**
   * Called once, before anything is gathered, for every planned kind: a gatherer that waits on
   * another kind may start the read it will almost surely need (the default revision's injector
   * ConfigMap), saving a round trip. It must not throw; `gather` decides what to use.
   */
  readonly prefetch?: () => void;
  gather(ctx: GatherContext): Promise<EvidenceValues[K]>;
};

export type Gatherers = { readonly [K in EvidenceKind]?: Gatherer<K> };

export type GatherOptions = {
  /** Gatherers running at once (each holds API requests open); default 4. */
  readonly concurrency?: number;
  /** Per-kind deadline; default 30 s; Infinity for sources that bound their own reads. */
  readonly timeoutMs?: number;
  readonly timeouts?: Partial<Record<EvidenceKind, number>>;
  /**
   * The kinds the command is about (the pod, the workload). If one cannot be gathered there is
   * nothing to diagnose: running gatherers finish, no new one starts, and the error built here is
   * thrown (default: the gatherer's own error).
   */
  readonly targets?: readonly EvidenceKind[];
  readonly explainTargetFailure?: (
    kind: EvidenceKind,
    error: unknown,
    partial: EvidenceBundle,
  ) => Promise<unknown>;
};

const defaultConcurrency = 4;
const defaultTimeoutMs = 30_000;

/**
 * Gathers the union of the needs (plus the kinds they require) concurrently, at most
 * `concurrency` at a time, each kind when the kinds it depends on have settled. Every failure
 * becomes a `missing` entry; only a failed target aborts.
 */
export async function gatherEvidence(
  needs: readonly Need[],
  gatherers: Gatherers,
  options: GatherOptions = {},
): Promise<EvidenceBundle> {
  const optional = new Set(needs.filter((n) => n.presence === 'optional').map((n) => n.kind));
  for (const n of needs) if (n.presence === 'required') optional.delete(n.kind);
  const planned = new Set<EvidenceKind>();
  const plan = (kind: EvidenceKind) => {
    if (planned.has(kind)) return;
    planned.add(kind);
    for (const dep of gatherers[kind]?.requires ?? []) plan(dep);
  };
  for (const n of needs) plan(n.kind);
  for (const kind of planned) gatherers[kind]?.prefetch?.();

  const values: Partial<Record<EvidenceKind, unknown>> = {};
  const missing: Partial<Record<EvidenceKind, Missing>> = {};
  const assumed: Partial<Record<EvidenceKind, string>> = {};
  const bundle = { values, missing, assumed } as EvidenceBundle;
  const settled = (k: EvidenceKind) => k in values || k in missing;
  const depsOf = (k: EvidenceKind) =>
    [...(gatherers[k]?.requires ?? []), ...(gatherers[k]?.uses ?? [])].filter((d) => planned.has(d));
  const running = new Map<EvidenceKind, Promise<void>>();
  let targetFailure: { kind: EvidenceKind; error: unknown } | undefined;

  const run = async (kind: EvidenceKind): Promise<void> => {
    const gatherer = gatherers[kind] as Gatherer<EvidenceKind> | undefined;
    if (!gatherer) {
      missing[kind] = { reason: 'not_gathered', message: `meshdoc has no way to gather ${kind} here.` };
      return;
    }
    const failed = (gatherer.requires ?? []).find((d) => d in missing);
    if (failed) {
      missing[kind] = {
        reason: 'not_gathered',
        message: `needs ${failed}, which could not be gathered: ${missing[failed]?.message ?? ''}`,
      };
      return;
    }
    try {
      const raw = await withDeadline(
        kind,
        gatherer,
        bundle,
        options.timeouts?.[kind] ?? options.timeoutMs ?? defaultTimeoutMs,
      );
      values[kind] = evidenceSchemas[kind].parse(raw);
    } catch (error) {
      const absent = absentNote(error);
      if (absent && optional.has(kind) && gatherer.none) {
        values[kind] = gatherer.none();
        assumed[kind] = absent;
        return;
      }
      missing[kind] = missingFromError(error);
      if (options.targets?.includes(kind)) targetFailure ??= { kind, error };
    }
  };

  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency);
  for (;;) {
    if (!targetFailure) {
      for (const kind of planned) {
        if (running.size >= concurrency) break;
        if (settled(kind) || running.has(kind) || !depsOf(kind).every(settled)) continue;
        running.set(
          kind,
          run(kind).finally(() => running.delete(kind)),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (targetFailure) {
    const { kind, error } = targetFailure;
    throw options.explainTargetFailure ? await options.explainTargetFailure(kind, error, bundle) : error;
  }
  for (const kind of planned) {
    // Only a dependency cycle leaves a kind unsettled; say so rather than drop it.
    if (!settled(kind)) missing[kind] = { reason: 'not_gathered', message: `${kind} depends on itself.` };
  }
  return bundle;
}

async function withDeadline(
  kind: EvidenceKind,
  gatherer: Gatherer<EvidenceKind>,
  bundle: EvidenceBundle,
  timeoutMs: number,
): Promise<unknown> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    if (!Number.isFinite(timeoutMs)) return;
    timer = setTimeout(() => {
      abort.abort();
      reject(new MeshdocError('timeout', `Gathering ${kind} took longer than ${timeoutMs} ms.`));
    }, timeoutMs);
  });
  const ctx: GatherContext = {
    value: (k) => bundle.values[k],
    signal: abort.signal,
  };
  try {
    return await Promise.race([gatherer.gather(ctx), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** For a kind that may be "none": why there is nothing to read, or undefined for a real failure. */
function absentNote(error: unknown): string | undefined {
  if (error instanceof NotInFilesError)
    return `not in the files; assumed none (save them with: ${error.saveWith})`;
  if (error instanceof NotServedError) return `the cluster does not serve ${error.resource}; assumed none`;
  return undefined;
}
