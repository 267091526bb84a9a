// The limits canary status judges by (canary.md §8.7). Defaults follow Kiali's health rules and
// §6.4's guard rails; a controller's own limits (Flagger's thresholdRange, Argo's conditions) win,
// and `mesh-bot.io/canary-*` annotations on the Service, Canary or Rollout override per app.

export type CanarySettings = {
  /** Split check: at least this many requests in the window, and this many on the canary. */
  readonly minSplitTotal: number;
  readonly minSplitCanary: number;
  /** Error and latency checks: at least this many requests per version. */
  readonly minErrorRequests: number;
  /** Split tolerance: max(this many percentage points, 3 binomial standard deviations). */
  readonly splitTolerancePp: number;
  /** 5xx comparison: canary − stable > this many points and canary ≥ `errorRatio` × stable. */
  readonly errorDeltaPp: number;
  readonly errorRatio: number;
  /** p99 comparison: canary > `p99Ratio` × stable and + `p99DeltaMs`. */
  readonly p99Ratio: number;
  readonly p99DeltaMs: number;
  /** Absolute fallback (Kiali): a 5xx share at or above this is a failure (0–1). */
  readonly absoluteErrorShare: number;
  /** The controller's limits, when it has them: minimum success rate (percent) and maximum p99 (ms). */
  readonly minSuccessRatePercent: number | undefined;
  readonly maxP99Ms: number | undefined;
  /** Where the absolute limits came from, for the reply ("Flagger min success 99%"). */
  readonly limitsFrom: string;
};

export const defaultCanarySettings: CanarySettings = {
  minSplitTotal: 100,
  minSplitCanary: 20,
  minErrorRequests: 50,
  splitTolerancePp: 5,
  errorDeltaPp: 1,
  errorRatio: 2,
  p99Ratio: 1.5,
  p99DeltaMs: 50,
  absoluteErrorShare: 0.1,
  minSuccessRatePercent: undefined,
  maxP99Ms: undefined,
  limitsFrom: 'meshdoc defaults (Kiali: 5xx ≥ 10% is a failure)',
};

/** Per-app overrides: `mesh-bot.io/canary-<setting>` annotations, numbers only; others ignored. */
export const settingAnnotations: Readonly<Record<string, keyof CanarySettings>> = {
  'mesh-bot.io/canary-min-split-total': 'minSplitTotal',
  'mesh-bot.io/canary-min-split-canary': 'minSplitCanary',
  'mesh-bot.io/canary-min-error-requests': 'minErrorRequests',
  'mesh-bot.io/canary-split-tolerance-pp': 'splitTolerancePp',
  'mesh-bot.io/canary-error-delta-pp': 'errorDeltaPp',
  'mesh-bot.io/canary-error-ratio': 'errorRatio',
  'mesh-bot.io/canary-p99-ratio': 'p99Ratio',
  'mesh-bot.io/canary-p99-delta-ms': 'p99DeltaMs',
  'mesh-bot.io/canary-absolute-error-share': 'absoluteErrorShare',
  'mesh-bot.io/canary-min-success-rate': 'minSuccessRatePercent',
  'mesh-bot.io/canary-max-p99-ms': 'maxP99Ms',
};
