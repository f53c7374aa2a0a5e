// Browser stand-in for abortcontroller-polyfill, which fhirclient loads for browsers without
// AbortController. Every browser the app supports has it (the app itself uses AbortSignal.any), so
// the polyfill (~2.5 KB gzip) is dead weight. Aliased in next.config.js for browser bundles only.
export {};
