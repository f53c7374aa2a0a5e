// Browser stand-in for cross-fetch, which fhirclient requires. cross-fetch's browser build hands out
// the native fetch, Headers, Request and Response whenever the browser has them (every browser the
// app supports), but ships a whatwg-fetch copy as well (~3.5 KB gzip) for browsers without fetch.
// Aliased in next.config.js for browser bundles only; servers keep the real package.
const fetchFunction = globalThis.fetch;
export default fetchFunction;
export { fetchFunction as fetch };
export const Headers = globalThis.Headers;
export const Request = globalThis.Request;
export const Response = globalThis.Response;
