import { badDump, extraData, invalidAt, notJson, truncated } from './bad-dump.ts';
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

/** A container member of a section; for a list, the byte span of each element that is an object or list. */
export type MemberSpan = {
  start: number;
  end: number;
  elements: number[] | undefined;
  scalarElements: boolean;
};

/** One element of the dump's `configs` list: its `@type`, its bytes, and its list members' elements. */
export type SectionSpan = {
  index: number;
  typeUrl: string;
  start: number;
  end: number;
  members: Map<string, MemberSpan>;
};

export type DocumentShape =
  | { shape: 'config_dump'; sections: SectionSpan[] }
  /** Envoy's `/clusters?format=json` (what `istioctl proxy-config endpoint --file` reads). */
  | { shape: 'clusters' }
  | { shape: 'object'; keys: string[] }
  | { shape: 'array' };

/**
 * Indexes a config dump without parsing it: the sections, and in each section the byte span of every
 * resource (listener, cluster, …). Dumps reach 100 MB and a command needs one or two sections, so one
 * byte scan (about 2 ns/byte) plus JSON.parse of single resources beats parsing everything, in time and
 * above all in peak memory. The scan also catches truncated and non-JSON files, which is what people
 * most often paste; syntax errors inside a resource surface when it is parsed.
 */
export function indexJsonDocument(buf: Buffer): DocumentShape {
  const n = buf.length;
  const first = skipSpace(buf, hasBom(buf) ? 3 : 0);
  if (first >= n)
    throw badDump(n === 0 ? 'The dump file is empty.' : 'The dump file contains only whitespace.');
  if (buf[first] !== LBRACE && buf[first] !== LBRACKET) throw notJson(buf, first);
  const kinds = new Uint8Array(maxDepth);
  const topKeys: string[] = [];
  const sections: SectionSpan[] = [];
  let depth = 0;
  let expectKey = false;
  let topKey = '';
  let sectionKey = '';
  let inConfigs = false;
  let section: SectionSpan | undefined;
  let member: MemberSpan | undefined;
  let elementStart = -1;
  let i = first;
  while (i < n) {
    const c = buf[i] as number;
    // Whitespace is a third of a pretty-printed dump: test it first.
    if (c <= 0x20) {
      i++;
      continue;
    }
    if (c === QUOTE) {
      const start = i + 1;
      i = start;
      while (i < n) {
        const d = buf[i];
        if (d === QUOTE) break;
        i += d === BACKSLASH ? 2 : 1;
      }
      if (i >= n) throw truncated(buf, depth, section);
      if (expectKey) {
        if (depth === 1) {
          topKey = decodeString(buf, start, i);
          if (topKeys.length < 20) topKeys.push(topKey);
        } else if (depth === 3) sectionKey = decodeString(buf, start, i);
      } else if (depth === 3 && section && sectionKey === '@type' && section.typeUrl === '') {
        section.typeUrl = decodeString(buf, start, i);
      } else if (depth === 4 && member) {
        member.scalarElements = true;
      }
      i++;
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      if (depth === maxDepth)
        throw badDump(`The dump nests deeper than ${maxDepth} levels; it is not a config dump.`);
      if (depth === 1 && c === LBRACKET && topKey === 'configs') inConfigs = true;
      else if (depth === 2 && inConfigs && c === LBRACE) {
        section = { index: sections.length, typeUrl: '', start: i, end: -1, members: new Map() };
        sectionKey = '';
      } else if (depth === 3 && section) {
        member = { start: i, end: -1, elements: c === LBRACKET ? [] : undefined, scalarElements: false };
        section.members.set(sectionKey, member);
      } else if (depth === 4 && member?.elements) elementStart = i;
      kinds[depth++] = c;
      expectKey = c === LBRACE;
    } else if (c === RBRACE || c === RBRACKET) {
      if (depth === 0 || kinds[--depth] !== c - 2) throw invalidAt(buf, i);
      if (depth === 4 && elementStart >= 0) {
        member?.elements?.push(elementStart, i + 1);
        elementStart = -1;
      } else if (depth === 3 && member) {
        member.end = i + 1;
        member = undefined;
      } else if (depth === 2 && section) {
        section.end = i + 1;
        sections.push(section);
        section = undefined;
      } else if (depth === 1 && inConfigs) inConfigs = false;
      expectKey = false;
      if (depth === 0) {
        i = skipSpace(buf, i + 1);
        if (i < n) throw extraData(buf, i);
        break;
      }
    } else if (c === COMMA) {
      expectKey = kinds[depth - 1] === LBRACE;
    } else if (c === COLON) {
      expectKey = false;
    }
    i++;
  }
  if (depth > 0) throw truncated(buf, depth, section);
  if (buf[first] === LBRACKET) return { shape: 'array' };
  if (topKeys.includes('configs')) return { shape: 'config_dump', sections };
  if (topKeys.includes('cluster_statuses')) return { shape: 'clusters' };
  return { shape: 'object', keys: topKeys };
}

/** Index of the closing quote of a string whose content starts at `i`, or -1 if the input ends first. */
export function skipString(buf: Uint8Array, i: number, n: number): number {
  while (i < n) {
    const c = buf[i];
    if (c === QUOTE) return i;
    i += c === BACKSLASH ? 2 : 1;
  }
  return -1;
}

/** The value of a JSON string's content bytes; escapes are rare, so only then pay for JSON.parse. */
export function decodeString(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start, end);
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

function skipSpace(buf: Uint8Array, i: number): number {
  while (i < buf.length) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function hasBom(buf: Uint8Array): boolean {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

export function shortType(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('.') + 1) || typeUrl;
}
