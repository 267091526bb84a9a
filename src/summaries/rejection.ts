import type { RejectedResource } from '../diagnostics/proxy/config-state-findings.ts';
import type { UpdateFailureState } from '../schemas/envoy/common-schema.ts';

const clientStatusNames = [
  'UNKNOWN',
  'REQUESTED',
  'DOES_NOT_EXIST',
  'ACKED',
  'NACKED',
  'RECEIVED_ERROR',
  'TIMEOUT',
];

/** The rejection recorded on a dynamic resource wrapper, if any (reported by rejectedFinding). */
export function rejection(
  kind: string,
  name: string,
  errorState: UpdateFailureState | unknown,
  clientStatus: unknown,
): RejectedResource | undefined {
  const status = typeof clientStatus === 'number' ? clientStatusNames[clientStatus] : clientStatus;
  if (errorState === undefined && status !== 'NACKED') return undefined;
  const details = (errorState as UpdateFailureState | undefined)?.details;
  return { kind, name, details: typeof details === 'string' ? details : String(status ?? 'rejected') };
}
