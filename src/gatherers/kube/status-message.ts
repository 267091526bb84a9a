/**
 * The `message` of a Kubernetes Status body (what the API server says on 4xx/5xx), else the start
 * of the raw text: the part of an API error that is safe and useful to show.
 */
export function statusMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string')
      return parsed.message;
  } catch {
    // Not a Status object: fall back to the raw text.
  }
  return body.trim().slice(0, 300);
}
