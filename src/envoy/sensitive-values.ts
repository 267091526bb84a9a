// What counts as a secret in a config dump. Over-redacting a harmless string costs little; leaking a
// key into a Slack thread costs a rotation, so the rules lean towards redacting.

/** Keys (normalized: lowercase, without `_`, `-`, `.`) whose whole value is secret, whatever its shape. */
const secretKeys = [
  'privatekey',
  'password',
  'passphrase',
  'pkcs12',
  'genericsecret',
  'sessionticketkeys',
  'jsonkey',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'apikey',
  'jwt',
  'secretaccesskey',
  'privatekeyprovider',
];
/** Suffixes: access_token, id_token, bearer_token, client_secret, hmac_secret, token_secret, … */
const secretSuffixes = ['token', 'secret', 'password', 'privatekey', 'apikey', 'passphrase', 'credential'];

// A trie over keys read backwards, on raw bytes: Envoy dumps have two million keys per 100 MB, and
// walking a few bytes from the end rejects almost all of them without creating a string.
const exact = 1;
const suffix = 2;
/** The `secret` suffix: `secret` alone wraps SDS secrets, whose certificates are public and worth keeping. */
const secretSuffix = 4;
const states: Int16Array[] = [new Int16Array(128)];
const flags: number[] = [0];
function add(word: string, flag: number): void {
  let node = 0;
  for (let k = word.length - 1; k >= 0; k--) {
    const c = word.charCodeAt(k);
    const table = states[node] as Int16Array;
    if (table[c] === 0) {
      table[c] = states.length;
      states.push(new Int16Array(128));
      flags.push(0);
    }
    node = table[c] as number;
  }
  flags[node] = (flags[node] ?? 0) | flag;
}
for (const w of secretKeys) add(w, exact);
for (const w of secretSuffixes) add(w, w === 'secret' ? secretSuffix : suffix);

/** Whether the key in `buf[start, end)` (raw JSON string content) names secret material. */
export function isSensitiveKeyAt(buf: Uint8Array, start: number, end: number): boolean {
  // An escaped key ("priv\u0061te_key") must be decoded first, or the walk would stop at its escape.
  for (let k = start; k < end; k++) {
    if (buf[k] === 0x5c)
      return isSensitiveKey(JSON.parse(`"${Buffer.from(buf.subarray(start, end)).toString()}"`) as string);
  }
  let node = 0;
  const first = firstSignificant(buf, start);
  for (let k = end - 1; k >= start; k--) {
    let c = buf[k] as number;
    if (c === 0x5f || c === 0x2d || c === 0x2e) continue;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c >= 128) return false;
    node = (states[node] as Int16Array)[c] as number;
    if (node === 0) return false;
    const f = flags[node] as number;
    if (f & suffix || (f & secretSuffix && k > first) || (f & exact && k === first)) return true;
  }
  return false;
}

export function isSensitiveKey(key: string): boolean {
  const bytes = Buffer.from(key, 'latin1');
  return isSensitiveKeyAt(bytes, 0, bytes.length);
}

function firstSignificant(buf: Uint8Array, start: number): number {
  let k = start;
  while (buf[k] === 0x5f || buf[k] === 0x2d || buf[k] === 0x2e) k++;
  return k;
}

const secretHeaders = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'x-vault-token',
]);

export function isSensitiveHeader(name: string): boolean {
  return secretHeaders.has(name.toLowerCase());
}

const base64Pem = 'LS0tLS1CRUdJTi'; // base64 of "-----BEGIN "
const jwt = /^eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;
const credential = /^(basic|bearer)\s+\S/i;

/**
 * Secret-looking string content, checked on the first bytes so the 99.9% of strings that are not
 * secrets cost one comparison: base64 PEM holding a private key, JWTs, "Basic …"/"Bearer …" values.
 * (PEM keys and "Bearer " inside longer strings are found by a whole-buffer search instead.)
 */
export function looksSecret(buf: Buffer, start: number, end: number): boolean {
  const first = buf[start];
  if (first === 0x4c /* L */ && buf.toString('latin1', start, start + base64Pem.length) === base64Pem) {
    return Buffer.from(buf.toString('latin1', start, end), 'base64').includes('PRIVATE KEY');
  }
  if (first === 0x65 /* e */ && end - start < 16_384 && buf[start + 1] === 0x79 && buf[start + 2] === 0x4a) {
    return jwt.test(buf.toString('latin1', start, end));
  }
  if (first === 0x42 || first === 0x62 /* B b */)
    return credential.test(buf.toString('latin1', start, Math.min(end, start + 16)));
  return false;
}
