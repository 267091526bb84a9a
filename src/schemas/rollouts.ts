import * as z from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './kube.ts';

// Progressive-delivery resources meshdoc reads for canary status: a Flagger Canary
// (flagger.app/v1beta1) and an Argo Rollout (argoproj.io/v1alpha1), narrowed to target, traffic
// routing and phase.
const ConditionsSchema = z
  .array(z.looseObject({ type: z.string(), status: z.string(), message: z.string().nullish() }))
  .nullish();

export const FlaggerCanarySchema = z.looseObject({
  kind: z.literal('Canary').optional(),
  metadata: ObjectMetaSchema,
  spec: z
    .looseObject({
      targetRef: z.looseObject({ kind: z.string().nullish(), name: z.string() }).nullish(),
      service: z.looseObject({ port: z.number().nullish(), name: z.string().nullish() }).nullish(),
      analysis: z
        .looseObject({ maxWeight: z.number().nullish(), stepWeight: z.number().nullish() })
        .nullish(),
    })
    .default({}),
  status: z
    .looseObject({
      phase: z.string().nullish(),
      canaryWeight: z.number().nullish(),
      failedChecks: z.number().nullish(),
      conditions: ConditionsSchema,
    })
    .nullish(),
});

export const ArgoRolloutSchema = z.looseObject({
  kind: z.literal('Rollout').optional(),
  metadata: ObjectMetaSchema,
  spec: z
    .looseObject({
      selector: LabelSelectorSchema.nullish(),
      strategy: z
        .looseObject({
          canary: z
            .looseObject({
              canaryService: z.string().nullish(),
              stableService: z.string().nullish(),
              trafficRouting: z.looseObject({ istio: z.looseObject({}).nullish() }).nullish(),
            })
            .nullish(),
          blueGreen: z
            .looseObject({ activeService: z.string().nullish(), previewService: z.string().nullish() })
            .nullish(),
        })
        .nullish(),
    })
    .default({}),
  status: z
    .looseObject({
      phase: z.string().nullish(),
      currentStepIndex: z.number().nullish(),
      conditions: ConditionsSchema,
    })
    .nullish(),
});
