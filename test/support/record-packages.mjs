// Preloaded into a server under test (node --import): records every bare package specifier the
// process resolves, through require and import alike, into the file named by RECORD_PACKAGES_FILE,
// so a test can tell which packages a running server ever loaded.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const file = process.env.RECORD_PACKAGES_FILE;
const seen = new Set();
if (file) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (!/^[./]|^node:|^file:/.test(specifier) && !seen.has(specifier)) {
        seen.add(specifier);
        appendFileSync(file, `${specifier}\n`);
      }
      return nextResolve(specifier, context);
    },
  });
}
