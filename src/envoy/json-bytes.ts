// Byte values of JSON's structural characters, for the byte-level scanners over config dumps
// (indexJsonDocument, redactDump), which never parse a whole 100 MB dump into objects.
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const LBRACKET = 0x5b;
export const RBRACKET = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;
/** Deepest nesting either scanner follows; deeper input is rejected as not a config dump. */
export const maxDepth = 4096;
