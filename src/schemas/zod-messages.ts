// zod/mini (every schema read at start-up is one) has no error messages of its own: this gives it
// zod's English ones. Imported for that effect by the modules whose schemas users' input meets.
// The English locale alone: `z.locales.en()` would pull all of zod's ~40 locales (366 KB) into
// every CLI start.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
