import * as z from 'zod/mini';

// Prometheus's HTTP API answers (/api/v1/query and /api/v1/query_range), narrowed to what meshdoc
// reads: the result of a query, its warnings, or its error. zod/mini like every schema a live
// command parses (see kube.ts).
//
// Sample values travel as strings ("0.05", "NaN", "+Inf", "-Inf", "1e-05"); they are parsed to
// numbers here with NaN and the infinities kept as such: NaN is what 0/0 gives (no traffic), and
// must not become 0. Anything else that is not a number is a malformed answer.

/** A sample value as Prometheus writes it → a number (NaN and ±Infinity kept). */
export function parseSampleValue(text: string): number | undefined {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
  }
  // Number('') and Number(' ') are 0: Prometheus never writes those, so they are malformed.
  if (text.trim() === '' || text !== text.trim()) return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

const SampleValue = z.pipe(
  z.string(),
  z.transform((text, ctx) => {
    const value = parseSampleValue(text);
    if (value === undefined) {
      ctx.issues.push({
        code: 'custom',
        message: `not a sample value: ${JSON.stringify(text)}`,
        input: text,
      });
      return z.NEVER;
    }
    return value;
  }),
);

/** [unix seconds (fractional), "value"] → { timestamp, value }. */
const Sample = z.pipe(
  z.tuple([z.number(), SampleValue]),
  z.transform(([timestamp, value]) => ({ timestamp, value })),
);
export type PrometheusSample = z.output<typeof Sample>;

const Labels = z.record(z.string(), z.string());

const VectorData = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: Labels, value: Sample })),
});
const MatrixData = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: Labels, values: z.array(Sample) })),
});
const ScalarData = z.object({ resultType: z.literal('scalar'), result: Sample });
const StringData = z.object({
  resultType: z.literal('string'),
  result: z.pipe(
    z.tuple([z.number(), z.string()]),
    z.transform(([timestamp, value]) => ({ timestamp, value })),
  ),
});

/** What a successful query returned, in one of Prometheus's four result types. */
export const PrometheusDataSchema = z.discriminatedUnion('resultType', [
  VectorData,
  MatrixData,
  ScalarData,
  StringData,
]);
export type PrometheusData = z.output<typeof PrometheusDataSchema>;
export type PrometheusVector = z.output<typeof VectorData>;
export type PrometheusMatrix = z.output<typeof MatrixData>;

const Warnings = z.optional(z.array(z.string()));

/** The envelope of every /api/v1 answer: success with data, or error with its type and text. */
export const PrometheusResponseSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: PrometheusDataSchema, warnings: Warnings }),
  z.object({
    status: z.literal('error'),
    errorType: z.optional(z.string()),
    error: z.optional(z.string()),
    warnings: Warnings,
  }),
]);
export type PrometheusResponse = z.output<typeof PrometheusResponseSchema>;
