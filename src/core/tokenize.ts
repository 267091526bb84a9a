import { UsageError } from '../errors.ts';

export const maxCommandLength = 1000;
export const maxTokenLength = 253;

// Characters that only make sense to a shell. meshdoc never runs a shell, but rejecting them
// early gives a clear answer instead of a confusing "not found" for `pod;rm -rf /`.
const shellMetacharacters = /[;&|`$<>(){}[\]*?!\\'"~#\n\r\t]/;

/** Splits a command line on whitespace after checking it is short and shell-free. */
export function tokenize(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.length > maxCommandLength) {
    throw new UsageError(
      `The command is ${trimmed.length} characters long; the limit is ${maxCommandLength}.`,
    );
  }
  const bad = trimmed.match(shellMetacharacters);
  if (bad) {
    const shown = bad[0] === '\n' ? 'a newline' : `"${bad[0]}"`;
    throw new UsageError(
      `The command contains ${shown}, which is not allowed: arguments are Kubernetes names and flags only.`,
    );
  }
  const tokens = trimmed.split(/\s+/).filter(Boolean);
  const long = tokens.find((t) => t.length > maxTokenLength);
  if (long)
    throw new UsageError(
      `An argument is ${long.length} characters long; Kubernetes names are at most ${maxTokenLength}.`,
    );
  return tokens;
}
