import * as z from 'zod/mini';
import { LabelSelectorSchema, ObjectMetaSchema, Timestamp } from './kube.ts';

// Progressive-delivery resources meshdoc reads for canary status: a Flagger Canary
// (flagger.app/v1beta1, checked against Flagger v1.36.1's CRD), an Argo Rollout and AnalysisRun
// (argoproj.io/v1alpha1, Argo Rollouts v1.8.3), narrowed to target, traffic routing, analysis and
// status. zod/mini, like every resource schema (see kube.ts). Phases stay strings: Flagger has
// written phases its own list lacks (flagger#1801), so an unknown one is shown as it is.

const ConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.nullish(z.string()),
  message: z.nullish(z.string()),
  lastUpdateTime: z.nullish(Timestamp),
  lastTransitionTime: z.nullish(Timestamp),
});
const ConditionsSchema = z.nullish(z.array(ConditionSchema));
export type ControllerCondition = z.infer<typeof ConditionSchema>;

const FlaggerMetricSchema = z.looseObject({
  name: z.string(),
  interval: z.nullish(z.string()),
  thresholdRange: z.nullish(z.looseObject({ min: z.nullish(z.number()), max: z.nullish(z.number()) })),
  /** Legacy single threshold (success rate: a minimum; duration: a maximum). */
  threshold: z.nullish(z.number()),
  query: z.nullish(z.string()),
  templateRef: z.nullish(z.looseObject({ name: z.string(), namespace: z.nullish(z.string()) })),
});
export type FlaggerMetric = z.infer<typeof FlaggerMetricSchema>;

export const FlaggerCanarySchema = z.looseObject({
  kind: z.optional(z.literal('Canary')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      targetRef: z.nullish(z.looseObject({ kind: z.nullish(z.string()), name: z.string() })),
      progressDeadlineSeconds: z.nullish(z.number()),
      suspend: z.nullish(z.boolean()),
      skipAnalysis: z.nullish(z.boolean()),
      service: z.nullish(
        z.looseObject({
          port: z.nullish(z.number()),
          name: z.nullish(z.string()),
          hosts: z.nullish(z.array(z.string())),
          gateways: z.nullish(z.array(z.string())),
        }),
      ),
      analysis: z.nullish(
        z.looseObject({
          interval: z.nullish(z.string()),
          threshold: z.nullish(z.number()),
          maxWeight: z.nullish(z.number()),
          stepWeight: z.nullish(z.number()),
          stepWeights: z.nullish(z.array(z.number())),
          stepWeightPromotion: z.nullish(z.number()),
          iterations: z.nullish(z.number()),
          match: z.nullish(z.array(z.looseObject({}))),
          mirror: z.nullish(z.boolean()),
          sessionAffinity: z.nullish(z.looseObject({})),
          metrics: z.nullish(z.array(FlaggerMetricSchema)),
          webhooks: z.nullish(
            z.array(
              z.looseObject({ name: z.string(), type: z.nullish(z.string()), url: z.nullish(z.string()) }),
            ),
          ),
        }),
      ),
    }),
    {},
  ),
  status: z.nullish(
    z.looseObject({
      phase: z.nullish(z.string()),
      canaryWeight: z.nullish(z.number()),
      failedChecks: z.nullish(z.number()),
      iterations: z.nullish(z.number()),
      lastAppliedSpec: z.nullish(z.string()),
      lastPromotedSpec: z.nullish(z.string()),
      lastTransitionTime: z.nullish(Timestamp),
      conditions: ConditionsSchema,
    }),
  ),
});
export type FlaggerCanary = z.infer<typeof FlaggerCanarySchema>;

/** One step of `strategy.canary.steps`; only the kinds meshdoc shows are typed. */
const RolloutStepSchema = z.looseObject({
  setWeight: z.nullish(z.number()),
  pause: z.nullish(z.looseObject({ duration: z.nullish(z.union([z.string(), z.number()])) })),
  analysis: z.nullish(z.looseObject({})),
  setHeaderRoute: z.nullish(z.looseObject({})),
  setMirrorRoute: z.nullish(z.looseObject({})),
});
export type RolloutStep = z.infer<typeof RolloutStepSchema>;

const WeightDestinationSchema = z.looseObject({
  weight: z.nullish(z.number()),
  serviceName: z.nullish(z.string()),
  podTemplateHash: z.nullish(z.string()),
});

const RunStatusSchema = z.looseObject({
  name: z.string(),
  status: z.nullish(z.string()),
  message: z.nullish(z.string()),
});

export const ArgoRolloutSchema = z.looseObject({
  kind: z.optional(z.literal('Rollout')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      replicas: z.nullish(z.number()),
      paused: z.nullish(z.boolean()),
      progressDeadlineSeconds: z.nullish(z.number()),
      selector: z.nullish(LabelSelectorSchema),
      template: z.nullish(z.looseObject({ metadata: z.nullish(z.looseObject({})) })),
      strategy: z.nullish(
        z.looseObject({
          canary: z.nullish(
            z.looseObject({
              canaryService: z.nullish(z.string()),
              stableService: z.nullish(z.string()),
              steps: z.nullish(z.array(RolloutStepSchema)),
              analysis: z.nullish(z.looseObject({})),
              trafficRouting: z.nullish(
                z.looseObject({
                  istio: z.nullish(
                    z.looseObject({
                      virtualService: z.nullish(
                        z.looseObject({ name: z.string(), routes: z.nullish(z.array(z.string())) }),
                      ),
                      virtualServices: z.nullish(
                        z.array(z.looseObject({ name: z.string(), routes: z.nullish(z.array(z.string())) })),
                      ),
                      destinationRule: z.nullish(
                        z.looseObject({
                          name: z.string(),
                          canarySubsetName: z.string(),
                          stableSubsetName: z.string(),
                        }),
                      ),
                    }),
                  ),
                }),
              ),
            }),
          ),
          blueGreen: z.nullish(
            z.looseObject({ activeService: z.nullish(z.string()), previewService: z.nullish(z.string()) }),
          ),
        }),
      ),
    }),
    {},
  ),
  status: z.nullish(
    z.looseObject({
      phase: z.nullish(z.string()),
      message: z.nullish(z.string()),
      abort: z.nullish(z.boolean()),
      abortedAt: z.nullish(Timestamp),
      controllerPause: z.nullish(z.boolean()),
      currentStepIndex: z.nullish(z.number()),
      currentPodHash: z.nullish(z.string()),
      stableRS: z.nullish(z.string()),
      replicas: z.nullish(z.number()),
      readyReplicas: z.nullish(z.number()),
      updatedReplicas: z.nullish(z.number()),
      availableReplicas: z.nullish(z.number()),
      pauseConditions: z.nullish(
        z.array(z.looseObject({ reason: z.string(), startTime: z.nullish(Timestamp) })),
      ),
      canary: z.nullish(
        z.looseObject({
          weights: z.nullish(
            z.looseObject({
              canary: z.nullish(WeightDestinationSchema),
              stable: z.nullish(WeightDestinationSchema),
              verified: z.nullish(z.boolean()),
            }),
          ),
          currentStepAnalysisRunStatus: z.nullish(RunStatusSchema),
          currentBackgroundAnalysisRunStatus: z.nullish(RunStatusSchema),
        }),
      ),
      conditions: ConditionsSchema,
    }),
  ),
});
export type ArgoRollout = z.infer<typeof ArgoRolloutSchema>;

const MeasurementSchema = z.looseObject({
  phase: z.nullish(z.string()),
  value: z.nullish(z.string()),
  message: z.nullish(z.string()),
  startedAt: z.nullish(Timestamp),
  finishedAt: z.nullish(Timestamp),
});

/** An AnalysisRun: its metrics' conditions and the measurements that decided it. */
export const AnalysisRunSchema = z.looseObject({
  kind: z.optional(z.literal('AnalysisRun')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      metrics: z.nullish(
        z.array(
          z.looseObject({
            name: z.string(),
            successCondition: z.nullish(z.string()),
            failureCondition: z.nullish(z.string()),
            failureLimit: z.nullish(z.union([z.number(), z.string()])),
            inconclusiveLimit: z.nullish(z.union([z.number(), z.string()])),
            consecutiveErrorLimit: z.nullish(z.union([z.number(), z.string()])),
            provider: z.nullish(
              z.looseObject({ prometheus: z.nullish(z.looseObject({ query: z.nullish(z.string()) })) }),
            ),
          }),
        ),
      ),
    }),
    {},
  ),
  status: z.nullish(
    z.looseObject({
      phase: z.nullish(z.string()),
      message: z.nullish(z.string()),
      startedAt: z.nullish(Timestamp),
      metricResults: z.nullish(
        z.array(
          z.looseObject({
            name: z.string(),
            phase: z.nullish(z.string()),
            message: z.nullish(z.string()),
            count: z.nullish(z.number()),
            successful: z.nullish(z.number()),
            failed: z.nullish(z.number()),
            inconclusive: z.nullish(z.number()),
            error: z.nullish(z.number()),
            consecutiveError: z.nullish(z.number()),
            measurements: z.nullish(z.array(MeasurementSchema)),
          }),
        ),
      ),
    }),
  ),
});
export type AnalysisRun = z.infer<typeof AnalysisRunSchema>;
