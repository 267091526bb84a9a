import * as z from 'zod/mini';
import { workloadKinds } from '../kube/kube-reader.ts';

/** What a gather is about: the target (pod or workload) and the namespace lists are read in. */
export const EvidenceScopeSchema = z.object({
  namespace: z.string(),
  target: z.optional(
    z.object({ kind: z.enum(['pod', ...workloadKinds]), namespace: z.string(), name: z.string() }),
  ),
});
export type EvidenceScope = z.infer<typeof EvidenceScopeSchema>;
