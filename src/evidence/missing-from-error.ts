// The base class of zod's errors: resource schemas are zod/mini (ZodMiniError), others classic (ZodError).
import { $ZodError } from 'zod/v4/core';
import type { Missing, MissingReason } from '../core/evidence.ts';
import { type ErrorCode, MeshdocError, NotInFilesError } from '../errors.ts';

const reasonByCode: Record<ErrorCode, MissingReason> = {
  usage: 'tool_error',
  not_found: 'not_found',
  forbidden: 'forbidden',
  unauthorized: 'forbidden',
  timeout: 'timeout',
  unreachable: 'unreachable',
  tool_missing: 'tool_error',
  upstream_failed: 'tool_error',
  unexpected_output: 'malformed',
  bad_input_file: 'malformed',
  no_proxy: 'not_found',
  internal: 'tool_error',
};

/**
 * Why a kind is missing, from what its gatherer threw. The MeshdocError's message is kept
 * verbatim: a forbidden one names the verb and resource, which is the RBAC advice.
 */
export function missingFromError(error: unknown): Missing {
  if (error instanceof NotInFilesError)
    return { reason: 'not_in_files', message: error.userMessage, saveWith: error.saveWith };
  if (error instanceof MeshdocError) return { reason: reasonByCode[error.code], message: error.userMessage };
  if (error instanceof $ZodError)
    return { reason: 'malformed', message: 'could not be read (unexpected shape)' };
  return { reason: 'tool_error', message: 'could not be read' };
}
