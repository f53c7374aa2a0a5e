import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { isPublicAddress } from './ip-ranges';

// The only way the CDS service reaches the network on a caller's behalf: a `fetch` for GETs that
// refuses what an attacker would use the service for (SSRF). https only; no userinfo; the host's
// addresses are resolved first and every one must be public (else the connection is refused);
// the socket then connects to the address that was checked (no second lookup for DNS rebinding
// to slip into); redirects are never followed; every answer is capped in bytes while it streams,
// and so is the total read through one instance (one CDS call). Exceptions (http, a private
// address) exist only for servers the configuration lists explicitly.

export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** What a configured server may do that others may not. */
export interface OutboundException {
  allowHttp: boolean;
  allowPrivateAddresses: boolean;
}

export interface OutboundFetchOptions {
  /** Bytes one answer may have (after decompression). */
  maxResponseBytes: number;
  /** Bytes all answers through this fetch may have together. */
  maxTotalBytes: number;
  /** The exception a configured server has, or null (the default rules apply). */
  exceptionFor?: (url: URL) => OutboundException | null;
  /** DNS (injected in tests); defaults to the system resolver, every address. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Used when the caller passes no signal. */
  defaultTimeoutMs?: number;
  /** CA certificates to trust instead of Node's bundle (a hospital's private PKI; tests). */
  ca?: string;
}

const noException: OutboundException = { allowHttp: false, allowPrivateAddresses: false };

async function systemResolve(hostname: string): Promise<ResolvedAddress[]> {
  const addresses = await dnsLookup(hostname, { all: true, verbatim: true });
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

function literalAddress(hostname: string): ResolvedAddress | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bare)) return { address: bare, family: 4 };
  if (bare.includes(':')) return { address: bare, family: 6 };
  return null;
}

/** The address to connect to: the first one, after every one was checked. */
async function checkedAddress(
  url: URL,
  exception: OutboundException,
  resolve: (hostname: string) => Promise<ResolvedAddress[]>,
): Promise<ResolvedAddress> {
  const literal = literalAddress(url.hostname);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = await resolve(url.hostname);
    } catch {
      throw new OutboundRefusedError('host name did not resolve');
    }
  }
  const first = addresses[0];
  if (!first) throw new OutboundRefusedError('host name did not resolve');
  if (!exception.allowPrivateAddresses && !addresses.every((a) => isPublicAddress(a.address, a.family))) {
    throw new OutboundRefusedError('the server resolves to a private, loopback or link-local address');
  }
  return first;
}

/** A lookup that answers with the address already checked, whatever `net` asks for. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

// Shared keep-alive pools: a pooled socket was connected to a checked address.
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

function decoded(message: IncomingMessage): Readable {
  const encoding = String(message.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return message.pipe(createGunzip());
  if (encoding === 'deflate') return message.pipe(createInflate());
  if (encoding === 'br') return message.pipe(createBrotliDecompress());
  return message;
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    // The body handed on is decoded: its encoding and length no longer apply.
    if (value === undefined || name === 'content-encoding' || name === 'content-length') continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

interface ByteBudget {
  left: number;
}

/** The answer's body as a web stream that errors once it passes the caps. */
function cappedBody(
  message: IncomingMessage,
  maxBytes: number,
  budget: ByteBudget,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const source = decoded(message);
  let read = 0;
  const stop = () => {
    source.destroy();
    message.destroy();
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let done = false;
      const fail = (error: unknown) => {
        if (done) return;
        done = true;
        stop();
        controller.error(error);
      };
      signal.addEventListener('abort', () => fail(signal.reason), { once: true });
      source.on('data', (chunk: Buffer) => {
        if (done) return;
        read += chunk.length;
        budget.left -= chunk.length;
        if (read > maxBytes) return fail(new OutboundRefusedError(`answer larger than ${maxBytes} bytes`));
        if (budget.left < 0) return fail(new OutboundRefusedError('answers larger than the budget per call'));
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.once('end', () => {
        if (done) return;
        done = true;
        controller.close();
      });
      source.once('error', () => fail(new OutboundRefusedError('the answer could not be read')));
    },
    pull() {
      source.resume();
    },
    cancel() {
      stop();
    },
  });
}

function requestUrl(input: Parameters<typeof fetch>[0]): URL {
  if (typeof input === 'string') return new URL(input);
  if (input instanceof URL) return new URL(input.href);
  throw new OutboundRefusedError('only URLs are fetched');
}

/** A `fetch` for GET requests with the rules above; anything else is refused before it is sent. */
export function createOutboundFetch(options: OutboundFetchOptions): typeof fetch {
  const resolve = options.resolve ?? systemResolve;
  const budget: ByteBudget = { left: options.maxTotalBytes };
  const httpsAgent =
    options.ca === undefined ? agents.https : new HttpsAgent({ keepAlive: true, ca: options.ca });

  const guarded = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const url = requestUrl(input);
    if ((init?.method ?? 'GET').toUpperCase() !== 'GET') throw new OutboundRefusedError('only GET is sent');
    if (init?.body !== undefined && init.body !== null) throw new OutboundRefusedError('no request body');
    if (url.username || url.password) throw new OutboundRefusedError('credentials in the URL');
    const exception = options.exceptionFor?.(url) ?? noException;
    const secure = url.protocol === 'https:';
    if (!secure && !(url.protocol === 'http:' && exception.allowHttp)) {
      throw new OutboundRefusedError('https only');
    }
    const signal = init?.signal ?? AbortSignal.timeout(options.defaultTimeoutMs ?? 10_000);
    signal.throwIfAborted();
    const address = await checkedAddress(url, exception, resolve);
    signal.throwIfAborted();

    const headers = Object.fromEntries(new Headers(init?.headers));
    // Decoding is done here and counted after it: a small compressed answer cannot hide a large one.
    headers['accept-encoding'] = 'gzip, deflate, br';
    const send = secure ? httpsRequest : httpRequest;
    const message = await new Promise<IncomingMessage>((resolveMessage, reject) => {
      const request = send(url, {
        method: 'GET',
        headers,
        agent: secure ? httpsAgent : agents.http,
        lookup: pinnedLookup(address),
      });
      const onAbort = () => request.destroy(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      request.once('response', (response) => {
        signal.removeEventListener('abort', onAbort);
        resolveMessage(response);
      });
      request.once('error', (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? signal.reason : error);
      });
      request.end();
    });

    const status = message.statusCode ?? 502;
    if (status >= 300 && status < 400 && status !== 304) {
      message.destroy();
      throw new OutboundRefusedError('redirects are not followed');
    }
    const declared = Number(message.headers['content-length'] ?? Number.NaN);
    if (declared > options.maxResponseBytes) {
      message.destroy();
      throw new OutboundRefusedError(`answer larger than ${options.maxResponseBytes} bytes`);
    }
    const empty = status === 204 || status === 205 || status === 304;
    if (empty) message.resume();
    return new Response(empty ? null : cappedBody(message, options.maxResponseBytes, budget, signal), {
      status,
      statusText: message.statusMessage ?? '',
      headers: responseHeaders(message),
    });
  };
  return guarded as typeof fetch;
}
