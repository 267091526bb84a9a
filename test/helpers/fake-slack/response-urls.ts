import { checkBlocksLikeSlack } from './slack-block-rules.ts';

export type ResponsePost = { id: string; body: Record<string, unknown>; at: number };
export type ResponseVerdict = { status: number; body: string };

export const responseUrlMaxUses = 5;
export const responseUrlLifetimeMs = 30 * 60_000;

/**
 * Slack's response_url rules: each URL takes at most 5 posts within 30 minutes of the
 * interaction, then answers 404. Blocks are checked like chat.postMessage checks them.
 */
export class ResponseUrls {
  readonly posts: ResponsePost[] = [];
  private readonly issued = new Map<string, { created: number; uses: number }>();
  private counter = 0;
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  issue(): string {
    const id = `r${++this.counter}`;
    this.issued.set(id, { created: this.now(), uses: 0 });
    return id;
  }

  post(id: string, body: Record<string, unknown>): ResponseVerdict {
    const entry = this.issued.get(id);
    if (!entry) return { status: 404, body: 'no_such_url' };
    if (this.now() - entry.created > responseUrlLifetimeMs) return { status: 404, body: 'expired_url' };
    if (entry.uses >= responseUrlMaxUses) return { status: 404, body: 'used_url' };
    const rejection = checkBlocksLikeSlack(body.blocks);
    if (rejection) return { status: 400, body: rejection.error };
    entry.uses += 1;
    this.posts.push({ id, body, at: performance.now() });
    return { status: 200, body: 'ok' };
  }

  postsTo(id: string): ResponsePost[] {
    return this.posts.filter((p) => p.id === id);
  }
}
