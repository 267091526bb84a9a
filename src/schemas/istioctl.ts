import * as z from 'zod';

// `istioctl analyze -o json` prints an array of messages (istio-semantics.md §6.1).
export const AnalyzeMessageSchema = z.looseObject({
  code: z.string(),
  level: z.string(),
  origin: z.string().optional(),
  reference: z.string().optional(),
  message: z.string(),
  documentationUrl: z.string().optional(),
});
export type AnalyzeMessage = z.infer<typeof AnalyzeMessageSchema>;
