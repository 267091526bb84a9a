import * as z from 'zod/mini';
import { LabelSelectorSchema, ObjectMetaSchema } from './kube.ts';

// Progressive-delivery resources meshdoc reads for canary status: a Flagger Canary
// (flagger.app/v1beta1) and an Argo Rollout (argoproj.io/v1alpha1), narrowed to target, traffic
// routing and phase. zod/mini, like every resource schema (see kube.ts).
const ConditionsSchema = z.nullish(
  z.array(z.looseObject({ type: z.string(), status: z.string(), message: z.nullish(z.string()) })),
);

export const FlaggerCanarySchema = z.looseObject({
  kind: z.optional(z.literal('Canary')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      targetRef: z.nullish(z.looseObject({ kind: z.nullish(z.string()), name: z.string() })),
      service: z.nullish(z.looseObject({ port: z.nullish(z.number()), name: z.nullish(z.string()) })),
      analysis: z.nullish(
        z.looseObject({ maxWeight: z.nullish(z.number()), stepWeight: z.nullish(z.number()) }),
      ),
    }),
    {},
  ),
  status: z.nullish(
    z.looseObject({
      phase: z.nullish(z.string()),
      canaryWeight: z.nullish(z.number()),
      failedChecks: z.nullish(z.number()),
      conditions: ConditionsSchema,
    }),
  ),
});

export const ArgoRolloutSchema = z.looseObject({
  kind: z.optional(z.literal('Rollout')),
  metadata: ObjectMetaSchema,
  spec: z._default(
    z.looseObject({
      selector: z.nullish(LabelSelectorSchema),
      strategy: z.nullish(
        z.looseObject({
          canary: z.nullish(
            z.looseObject({
              canaryService: z.nullish(z.string()),
              stableService: z.nullish(z.string()),
              trafficRouting: z.nullish(z.looseObject({ istio: z.nullish(z.looseObject({})) })),
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
      currentStepIndex: z.nullish(z.number()),
      conditions: ConditionsSchema,
    }),
  ),
});
