import * as z from 'zod';
import { dynamicFields, MetadataSchema } from './common-schema.ts';

export const clusterTypeNames = ['STATIC', 'STRICT_DNS', 'LOGICAL_DNS', 'EDS', 'ORIGINAL_DST'] as const;

export const ClusterSchema = z.looseObject({
  name: z.string().optional(),
  /** Discovery type; omitted when STATIC (the proto default) or when `cluster_type` is used. */
  type: z.union([z.string(), z.number()]).optional(),
  metadata: MetadataSchema.optional(),
});
export type Cluster = z.infer<typeof ClusterSchema>;

export const StaticClusterSchema = z.looseObject({
  cluster: ClusterSchema.optional(),
  last_updated: z.string().optional(),
});

export const DynamicClusterSchema = z.looseObject({
  ...dynamicFields,
  cluster: ClusterSchema.optional(),
});
export type DynamicCluster = z.infer<typeof DynamicClusterSchema>;
