import * as z from 'zod';

/** Node metadata and Envoy's build version: all the bootstrap summary reads. */
export const BootstrapConfigDumpSchema = z.looseObject({
  bootstrap: z
    .looseObject({
      node: z
        .looseObject({
          id: z.string().optional(),
          cluster: z.string().optional(),
          metadata: z.record(z.string(), z.unknown()).optional(),
          user_agent_build_version: z
            .looseObject({
              version: z
                .looseObject({
                  major_number: z.number().optional(),
                  minor_number: z.number().optional(),
                  patch: z.number().optional(),
                })
                .optional(),
              metadata: z.record(z.string(), z.unknown()).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
  last_updated: z.string().optional(),
});
export type BootstrapConfigDump = z.infer<typeof BootstrapConfigDumpSchema>;

export const EcdsFilterSchema = z.looseObject({
  version_info: z.string().optional(),
  ecds_filter: z
    .looseObject({
      name: z.string().optional(),
      typed_config: z.looseObject({ '@type': z.string().optional() }).optional(),
    })
    .optional(),
});
export type EcdsFilter = z.infer<typeof EcdsFilterSchema>;
