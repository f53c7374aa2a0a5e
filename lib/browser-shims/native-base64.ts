// Browser stand-in for js-base64, on the browser's own btoa/atob and TextEncoder/TextDecoder.
// fhirclient uses it for the PKCE verifier and challenge, its state keys and id_token payloads;
// these are the only three functions it calls. Aliased in next.config.js for browser bundles only;
// test/unit/browser-shims checks every one against js-base64 itself.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function binaryString(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: spreading a large array into one call would exceed the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return binary;
}

/** Base64 of the bytes; URL-safe without padding (RFC 4648 §5) when `urlsafe`. */
export function fromUint8Array(bytes: Uint8Array, urlsafe = false): string {
  const base64 = btoa(binaryString(bytes));
  return urlsafe ? base64.replace(/=/g, '').replace(/[+/]/g, (c) => (c === '+' ? '-' : '_')) : base64;
}

/** URL-safe Base64 of the text's UTF-8 bytes. */
export function encodeURL(text: string): string {
  return fromUint8Array(encoder.encode(text), true);
}

/** The UTF-8 text of a standard or URL-safe Base64 string; other characters are ignored. */
export function decode(source: string): string {
  const base64 = source.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')).replace(/[^A-Za-z0-9+/]/g, '');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decoder.decode(bytes);
}
