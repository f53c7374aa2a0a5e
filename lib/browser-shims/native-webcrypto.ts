// Browser stand-in for isomorphic-webcrypto. fhirclient only requires it when globalThis.crypto is
// missing, which no browser the app supports lacks, yet the bundler would still ship its
// webcrypto-shim for IE 11 (~3.5 KB gzip). Aliased in next.config.js for browser bundles only.
export default globalThis.crypto;
