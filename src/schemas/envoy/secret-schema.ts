import * as z from 'zod';
import { DataSourceSchema, dynamicFields } from './common-schema.ts';

export const spiffeValidatorType =
  'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig';

export const SecretSchema = z.looseObject({
  name: z.string().optional(),
  tls_certificate: z.looseObject({ certificate_chain: DataSourceSchema.optional() }).optional(),
  validation_context: z
    .looseObject({
      trusted_ca: DataSourceSchema.optional(),
      custom_validator_config: z
        .looseObject({
          name: z.string().optional(),
          typed_config: z
            .looseObject({
              '@type': z.string().optional(),
              trust_domains: z
                .array(
                  z.looseObject({ name: z.string().optional(), trust_bundle: DataSourceSchema.optional() }),
                )
                .optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});
export type Secret = z.infer<typeof SecretSchema>;

export const DynamicSecretSchema = z.looseObject({
  ...dynamicFields,
  name: z.string().optional(),
  secret: SecretSchema.optional(),
});
export type DynamicSecret = z.infer<typeof DynamicSecretSchema>;
