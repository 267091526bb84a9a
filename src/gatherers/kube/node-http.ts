import type * as Http from 'node:http';
import type * as Https from 'node:https';

// node:http and node:https taken as Node's own CommonJS objects, not through `import`. An ESM
// import of node:http builds a facade that reads every export, and three of them (WebSocket,
// MessageEvent, CloseEvent) are getters that load undici: about 40 ms of every live command for
// nothing meshdoc uses (measured with --cpu-prof, `npm run bench -- cli-start`).
// Functions, so a module that may need them loads neither until it does (HTTP/2 needs neither).
export const http = (): typeof Http => process.getBuiltinModule('node:http');
export const https = (): typeof Https => process.getBuiltinModule('node:https');
