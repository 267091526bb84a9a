// Errors mean "meshdoc could not look"; findings mean "meshdoc looked". Every error that can
// reach a user carries a short, safe message and, where one exists, the next step.
export const errorCodes = [
  'usage',
  'not_found',
  'forbidden',
  'unauthorized',
  'timeout',
  'unreachable',
  'tool_missing',
  'upstream_failed',
  'unexpected_output',
  'bad_input_file',
  /** The pod exists but has no running Envoy to read (no sidecar, ambient, not running). */
  'no_proxy',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class MeshdocError extends Error {
  readonly code: ErrorCode;
  /** One or two plain sentences, safe to post in Slack. */
  readonly userMessage: string;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, userMessage: string, options: { hint?: string; cause?: unknown } = {}) {
    super(userMessage, { cause: options.cause });
    this.name = 'MeshdocError';
    this.code = code;
    this.userMessage = userMessage;
    this.hint = options.hint;
  }
}

export class UsageError extends MeshdocError {
  readonly usage: string | undefined;
  constructor(message: string, usage?: string) {
    super('usage', message, usage ? { hint: `Usage: ${usage}` } : {});
    this.name = 'UsageError';
    this.usage = usage;
  }
}

/** Raised when the bot's RBAC lacks a permission; names exactly what is missing. */
export class ForbiddenError extends MeshdocError {
  readonly verb: string;
  readonly resource: string;
  readonly namespace: string | undefined;
  constructor(verb: string, resource: string, namespace: string | undefined, cause?: unknown) {
    const where = namespace ? ` in namespace "${namespace}"` : ' (cluster-wide)';
    super(
      'forbidden',
      `Kubernetes refused to let meshdoc ${verb} ${resource}${where}: its RBAC role lacks verb "${verb}" on resource "${resource}".`,
      {
        hint: `Grant "${verb}" on "${resource}" to meshdoc's ServiceAccount (see deploy/rbac.yaml), or run with a kubeconfig that has it.`,
        cause,
      },
    );
    this.name = 'ForbiddenError';
    this.verb = verb;
    this.resource = resource;
    this.namespace = namespace;
  }
}

/** Short id shown to the user with an internal error and logged with its stack, so one finds the other. */
export function newReference(): string {
  // Not a secret, only a handle: Math.random spares every start-up the load of node:crypto.
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}

/** What a user sees for an error nobody planned for: one sentence and the reference of its log line. */
export function internalErrorWithReference(reference: string, logFile?: string): MeshdocError {
  return new MeshdocError(
    'internal',
    `meshdoc hit an internal error (reference ${reference}); the details are in ${logFile ?? 'its log'}.`,
  );
}

/** Turns anything thrown into a MeshdocError without leaking raw text from foreign errors. */
export function toMeshdocError(error: unknown): MeshdocError {
  if (error instanceof MeshdocError) return error;
  return new MeshdocError('internal', 'meshdoc hit an internal error; the details are in its log.', {
    cause: error,
  });
}

/** Offline: the --from files hold no object of a resource at all (not exported, not "none exist"). */
export class NotInFilesError extends MeshdocError {
  /** `kubectl get …` that would save the missing objects. */
  readonly saveWith: string;
  constructor(kind: string, saveWith: string) {
    // Code not_found keeps callers that branch on "is it there?" unchanged; the runner tells them apart.
    super('not_found', `The --from files hold no ${kind} objects; save them with: ${saveWith}`, {
      hint: `Export them with: ${saveWith}`,
    });
    this.name = 'NotInFilesError';
    this.saveWith = saveWith;
  }
}

/** Live: the API server does not serve a resource at all (a CRD that is not installed). */
export class NotServedError extends MeshdocError {
  readonly resource: string;
  constructor(resource: string, cluster: string, cause?: unknown) {
    super('not_found', `Cluster ${cluster} does not serve ${resource} (its CRD is not installed).`, {
      cause,
    });
    this.name = 'NotServedError';
    this.resource = resource;
  }
}
