import * as z from 'zod';
import { workloadKinds } from '../kube/kube-reader.ts';

/** What a gather is about: the target (pod or workload) and the namespace lists are read in. */
export const EvidenceScopeSchema = z.object({
  namespace: z.string(),
  target: z
    .object({ kind: z.enum(['pod', ...workloadKinds]), namespace: z.string(), name: z.string() })
    .optional(),
});
export type EvidenceScope = z.infer<typeof EvidenceScopeSchema>;
