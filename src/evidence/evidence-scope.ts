import * as z from 'zod/mini';
import { workloadKinds } from '../kube/kube-reader.ts';

/** What a gather is about: the target (pod or workload) and the namespace lists are read in. */
export const EvidenceScopeSchema = z.object({
  namespace: z.string(),
  /**
   * A Service in `namespace` the command is about (`tls-check svc/X`, `tls-check POD --to svc/X`):
   * servicePods reads its pods. Without it, servicePods reads the pods of every Service in
   * `namespace` that selects the target pod.
   */
  service: z.optional(z.string()),
  target: z.optional(
    z.object({ kind: z.enum(['pod', ...workloadKinds]), namespace: z.string(), name: z.string() }),
  ),
});
export type EvidenceScope = z.infer<typeof EvidenceScopeSchema>;
