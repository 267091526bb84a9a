import { isAscii } from 'node:buffer';
import { skipString } from './index-json-document.ts';
import {
  BACKSLASH,
  COLON,
  COMMA,
  LBRACE,
  LBRACKET,
  maxDepth,
  QUOTE,
  RBRACE,
  RBRACKET,
} from './json-bytes.ts';
import { isSensitiveHeader, isSensitiveKeyAt, looksSecret } from './sensitive-values.ts';

export type Redaction = { text: string; redacted: number };

/** Envoy's own marker for redacted bytes: base64 of "[redacted]", so proto tools still parse it. */
const redactedBytes = Buffer.from('W3JlZGFjdGVkXQ==');
const redactedText = Buffer.from('[redacted]');

// Per container: 0 = nothing, 1 = redact every string inside.
const none = 0;
const all = 1;

/**
 * Returns the dump with secrets replaced and every other byte unchanged: string values under key
 * material (private_key, password, generic_secret, session_ticket_keys, *token, *secret, …), values
 * of Authorization/Cookie-like headers (objects whose key/name is such a header, in either field
 * order), and strings that look like secrets wherever they are (PEM private keys, also base64-encoded,
 * JWTs, "Bearer …"). Works on the raw bytes, so a 100 MB dump is neither parsed into objects nor
 * re-serialized. The input must be valid JSON (openConfigDump has checked its structure).
 */
export function redactDump(buf: Buffer): Redaction {
  const spans: number[] = [];
  const headerRegions: number[] = [];
  scan(buf, 0, buf.length, spans, headerRegions, positionsOf(buf, ['PRIVATE KEY', 'earer ', 'EARER ']));
  // Header objects are tiny; rescan each one redacting everything but the header's name.
  for (let r = 0; r < headerRegions.length; r += 2) {
    scan(buf, headerRegions[r] as number, headerRegions[r + 1] as number, spans, undefined, []);
  }
  return splice(buf, spans);
}

/**
 * One structural pass over buf[from, to), recording [start, end, isBytes] for each string to redact.
 * With `headerRegions`, it also records objects whose key/name member names a sensitive header
 * (their value may come before or after the name); without it, the range is such an object and every
 * string in it but that name is redacted.
 */
function scan(
  buf: Buffer,
  from: number,
  to: number,
  spans: number[],
  headerRegions: number[] | undefined,
  hints: number[],
): void {
  const kinds = new Uint8Array(maxDepth);
  const marks = new Uint8Array(maxDepth);
  const starts = new Int32Array(maxDepth);
  const headers = new Uint8Array(maxDepth);
  const region = headerRegions === undefined;
  let depth = 0;
  let expectKey = false;
  let keyStart = 0;
  let keyEnd = 0;
  let keySensitive = false;
  let hint = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i] as number;
    if (c <= 0x20) continue;
    if (c === QUOTE) {
      const start = i + 1;
      const close = skipString(buf, start, to);
      const end = close < 0 ? to : close;
      const inObject = depth > 0 && kinds[depth - 1] === LBRACE;
      if (expectKey && inObject) {
        keyStart = start;
        keyEnd = end;
        keySensitive = isSensitiveKeyAt(buf, start, end);
      } else {
        const named = inObject && isNameKey(buf, keyStart, keyEnd);
        if (named && headerRegions && mayBeHeader(start, end) && isSensitiveHeader(decode(buf, start, end)))
          headers[depth - 1] = 1;
        while (hint < hints.length && (hints[hint] as number) < start) hint++;
        const redact =
          (region && !(named && depth === 1)) ||
          (depth > 0 && marks[depth - 1] === all) ||
          (inObject && keySensitive) ||
          (hint < hints.length && (hints[hint] as number) < end) ||
          looksSecret(buf, start, end);
        if (redact && end > start)
          spans.push(start, end, inObject && isWord(buf, keyStart, keyEnd, 'inline_bytes') ? 1 : 0);
      }
      i = end;
    } else if (c === LBRACE || c === LBRACKET) {
      if (depth >= maxDepth) throw new Error('JSON nested too deeply to redact');
      const parent = depth > 0 ? (marks[depth - 1] as number) : none;
      const member = depth > 0 && kinds[depth - 1] === LBRACE && keySensitive;
      marks[depth] = parent !== none || member ? all : none;
      kinds[depth] = c;
      starts[depth] = i;
      headers[depth] = 0;
      depth++;
      expectKey = c === LBRACE;
      keySensitive = false;
    } else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (headers[depth] === 1) headerRegions?.push(starts[depth] as number, i + 1);
      expectKey = false;
      keySensitive = false;
    } else if (c === COMMA) {
      expectKey = kinds[depth - 1] === LBRACE;
    } else if (c === COLON) {
      expectKey = false;
    }
  }
}

/** Cheap test before decoding a header name: the sensitive ones are 6–20 bytes. */
function mayBeHeader(start: number, end: number): boolean {
  return end - start >= 6 && end - start <= 64;
}

/** key, name, header or header_name: the member that names a header in Envoy's header messages. */
function isNameKey(buf: Buffer, start: number, end: number): boolean {
  switch (end - start) {
    case 3:
      return isWord(buf, start, end, 'key');
    case 4:
      return isWord(buf, start, end, 'name');
    case 6:
      return isWord(buf, start, end, 'header');
    case 11:
      return isWord(buf, start, end, 'header_name');
    default:
      // Escaped spellings ("n\u0061me") are rare; decode them rather than miss them.
      return (
        hasEscape(buf, start, end) &&
        ['key', 'name', 'header', 'header_name'].includes(decode(buf, start, end))
      );
  }
}

function hasEscape(buf: Buffer, start: number, end: number): boolean {
  if (end - start > 128) return false;
  for (let k = start; k < end; k++) if (buf[k] === BACKSLASH) return true;
  return false;
}

function isWord(buf: Buffer, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

function decode(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Sorted start offsets of every occurrence of the needles (native search, no per-byte JS). */
function positionsOf(buf: Buffer, needles: readonly string[]): number[] {
  const out: number[] = [];
  for (const needle of needles) {
    for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) out.push(at);
  }
  return out.sort((a, b) => a - b);
}

function splice(buf: Buffer, spans: readonly number[]): Redaction {
  if (spans.length === 0) return { text: buf.toString('utf8'), redacted: 0 };
  const order: number[] = [];
  for (let s = 0; s < spans.length; s += 3) order.push(s);
  order.sort((a, b) => (spans[a] as number) - (spans[b] as number));
  // ASCII dumps (nearly all): byte offsets are string offsets, and slices joined with + stay a rope of
  // views into one decoded string instead of a second 100 MB copy.
  const ascii = isAscii(buf);
  const text = ascii ? buf.toString('latin1') : '';
  const parts: (Buffer | string)[] = [];
  let last = 0;
  for (const s of order) {
    if ((spans[s] as number) < last) continue; // the same string found twice (header region rescan)
    const marker = spans[s + 2] === 1 ? redactedBytes : redactedText;
    parts.push(
      ascii ? text.slice(last, spans[s]) : buf.subarray(last, spans[s]),
      ascii ? marker.toString() : marker,
    );
    last = spans[s + 1] as number;
  }
  parts.push(ascii ? text.slice(last) : buf.subarray(last));
  const redacted = (parts.length - 1) / 2;
  if (ascii) return { text: (parts as string[]).reduce((a, b) => a + b, ''), redacted };
  return { text: Buffer.concat(parts as Buffer[]).toString('utf8'), redacted };
}
