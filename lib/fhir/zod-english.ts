import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini (the small, tree-shakable zod for the browser bundle) loads no locale: without this its
// issues all read "Invalid input". The quarantine reasons the clinician sees stay as zod classic
// words them ("Invalid option: expected one of ..."). Only English is imported: z.locales would
// pull every language into the bundle.
z.config(en());
