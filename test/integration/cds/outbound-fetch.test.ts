import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '@/lib/cds/ip-ranges';
import {
  createOutboundFetch,
  type OutboundFetchOptions,
  OutboundRefusedError,
} from '@/lib/cds/outbound-fetch';

// The guarded fetch against real listeners on 127.0.0.1: each counts the requests that reach it,
// so "refused" means nothing was sent. DNS is injected: "ehr.test" resolves where a test says.

interface Listener {
  server: Server;
  port: number;
  hits: IncomingMessage[];
  bytesSent: number;
}

async function listen(
  handle: (req: IncomingMessage, res: ServerResponse, l: Listener) => void,
): Promise<Listener> {
  const listener: Listener = { server: createServer(), port: 0, hits: [], bytesSent: 0 };
  listener.server.on('request', (req, res) => {
    listener.hits.push(req);
    handle(req, res, listener);
  });
  listener.server.listen(0, '127.0.0.1');
  await once(listener.server, 'listening');
  listener.port = (listener.server.address() as AddressInfo).port;
  return listener;
}

let fhir: Listener;
let elsewhere: Listener;
let redirecting: Listener;
let huge: Listener;
let bomb: Listener;
let slow: Listener;

const bundle = { resourceType: 'Bundle', type: 'searchset', entry: [] };

beforeAll(async () => {
  fhir = await listen((req, res) => {
    res.setHeader('content-type', 'application/fhir+json');
    res.end(JSON.stringify({ ...bundle, host: req.headers.host, auth: req.headers.authorization ?? null }));
  });
  elsewhere = await listen((_req, res) => res.end('{}'));
  redirecting = await listen((_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/fhir/Patient/1` }).end();
  });
  // Streams 1 MiB chunks, chunked (no Content-Length), for as long as the client reads.
  huge = await listen((_req, res, l) => {
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const write = () => {
      while (l.bytesSent < 256 * 1024 * 1024) {
        l.bytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    res.on('close', () => undefined);
    write();
  });
  // 20 MB of spaces compress to about 20 KB.
  const compressed = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
  // Answers at once, then trickles a few bytes now and then, never finishing.
  slow = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/fhir+json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 100);
    res.on('close', () => clearInterval(timer));
  });
  bomb = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/fhir+json', 'content-encoding': 'gzip' });
    res.end(compressed);
  });
});

afterAll(async () => {
  for (const l of [fhir, elsewhere, redirecting, huge, bomb, slow]) {
    l?.server.closeAllConnections();
    l?.server.close();
  }
});

const loopbackAllowed = { allowHttp: true, allowPrivateAddresses: true };

function guarded(options: Partial<OutboundFetchOptions> = {}) {
  return createOutboundFetch({
    maxResponseBytes: 1024 * 1024,
    maxTotalBytes: 4 * 1024 * 1024,
    resolve: async (host) => {
      if (host === 'ehr.test') return [{ address: '127.0.0.1', family: 4 }];
      if (host === 'split.test') {
        return [
          { address: '93.184.216.34', family: 4 },
          { address: '10.0.0.7', family: 4 },
        ];
      }
      throw new Error('ENOTFOUND');
    },
    ...options,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutboundRefusedError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the guarded fetch refuses before anything is sent', () => {
  it('refuses loopback, by IP literal and by a host name that resolves to it', async () => {
    const fetch = guarded({ exceptionFor: () => ({ allowHttp: true, allowPrivateAddresses: false }) });
    const before = fhir.hits.length;
    expect(await refusal(fetch(`http://127.0.0.1:${fhir.port}/fhir/Patient/1`))).toMatch(/private, loopback/);
    expect(await refusal(fetch(`http://ehr.test:${fhir.port}/fhir/Patient/1`))).toMatch(/private, loopback/);
    expect(await refusal(fetch(`http://[::ffff:127.0.0.1]:${fhir.port}/fhir`))).toMatch(/private, loopback/);
    expect(await refusal(fetch(`http://2130706433:${fhir.port}/fhir`))).toMatch(/private, loopback/);
    expect(fhir.hits.length).toBe(before);
  });

  it('refuses a host with any private address among its answers', async () => {
    const fetch = guarded();
    expect(await refusal(fetch('https://split.test/fhir'))).toMatch(/private/);
  });

  it('refuses plain http unless the server is listed with it, and credentials in the URL', async () => {
    const fetch = guarded({ exceptionFor: () => ({ allowHttp: false, allowPrivateAddresses: true }) });
    const before = fhir.hits.length;
    expect(await refusal(fetch(`http://127.0.0.1:${fhir.port}/fhir`))).toBe('https only');
    expect(await refusal(guarded()(`https://user:pw@ehr.example.org/fhir`))).toBe('credentials in the URL');
    expect(fhir.hits.length).toBe(before);
  });

  it('sends GET only, with no body', async () => {
    const fetch = guarded({ exceptionFor: () => loopbackAllowed });
    const url = `http://127.0.0.1:${fhir.port}/fhir`;
    const before = fhir.hits.length;
    expect(await refusal(fetch(url, { method: 'POST' }))).toBe('only GET is sent');
    expect(await refusal(fetch(new Request(url)))).toBe('only URLs are fetched');
    expect(fhir.hits.length).toBe(before);
  });
});

describe('the guarded fetch, for a server listed explicitly', () => {
  it('connects to the address it checked and sends the host name it was given', async () => {
    const fetch = guarded({ exceptionFor: () => loopbackAllowed });
    const response = await fetch(`http://ehr.test:${fhir.port}/fhir/Condition?patient=p1`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.host).toBe(`ehr.test:${fhir.port}`);
    expect(body.auth).toBe('Bearer t');
  });

  it('never follows a redirect', async () => {
    const fetch = guarded({ exceptionFor: () => loopbackAllowed });
    const before = elsewhere.hits.length;
    expect(await refusal(fetch(`http://127.0.0.1:${redirecting.port}/fhir/Patient/1`))).toBe(
      'redirects are not followed',
    );
    expect(elsewhere.hits.length).toBe(before);
  });

  it('stops reading an answer once it passes the byte cap, without waiting for the rest', async () => {
    const fetch = guarded({ exceptionFor: () => loopbackAllowed });
    const response = await fetch(`http://127.0.0.1:${huge.port}/fhir/Observation`);
    expect(await refusal(response.json())).toBe(`answer larger than ${1024 * 1024} bytes`);
    // The server stops once the socket closes; a client reading to the end would take 256 MB.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(huge.bytesSent).toBeLessThan(32 * 1024 * 1024);
  });

  it('counts the decompressed size, so a small gzip answer cannot hide a large one', async () => {
    const fetch = guarded({ exceptionFor: () => loopbackAllowed });
    const response = await fetch(`http://127.0.0.1:${bomb.port}/fhir/Observation`);
    expect(await refusal(response.arrayBuffer())).toMatch(/answer larger than/);
  });

  it('caps the bytes of all answers through one fetch together', async () => {
    const fetch = guarded({
      exceptionFor: () => loopbackAllowed,
      maxResponseBytes: 600,
      maxTotalBytes: 1000,
    });
    const url = `http://127.0.0.1:${fhir.port}/fhir/Patient/1`;
    const first = await (await fetch(url)).text();
    expect(first.length).toBeGreaterThan(50);
    let refused = '';
    for (let i = 0; i < 20 && !refused; i++) {
      try {
        await (await fetch(url)).text();
      } catch (error) {
        refused = error instanceof OutboundRefusedError ? error.message : 'other error';
      }
    }
    expect(refused).toBe('answers larger than the budget per call');
  });

  it('gives up when the caller aborts, while connecting or while reading', async () => {
    const fetch = guarded({ exceptionFor: () => loopbackAllowed });
    const read = async () => {
      const response = await fetch(`http://127.0.0.1:${slow.port}/fhir/Observation`, {
        signal: AbortSignal.timeout(300),
      });
      return response.arrayBuffer();
    };
    await expect(read()).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('the guarded fetch over https', () => {
  // A certificate for "ehr.test", made here with openssl: the connection goes to the checked
  // address (127.0.0.1) while TLS still verifies the host name the URL gave.
  const dir = mkdtempSync(join(tmpdir(), 'outbound-tls-'));
  let tls: { server: Server; port: number; cert: string } | undefined;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=ehr.test',
        '-addext',
        'subjectAltName=DNS:ehr.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      res.setHeader('content-type', 'application/fhir+json');
      res.end(JSON.stringify({ ...bundle, host: req.headers.host }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    tls = { server, port: (server.address() as AddressInfo).port, cert };
  });
  afterAll(() => {
    tls?.server.closeAllConnections();
    tls?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function httpsFetch() {
    return guarded({
      ca: tls?.cert,
      exceptionFor: () => ({ allowHttp: false, allowPrivateAddresses: true }),
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
  }

  it('verifies the certificate against the host name while connecting to the checked address', async () => {
    const response = await httpsFetch()(`https://ehr.test:${tls?.port}/fhir/Patient/1`);
    expect(response.status).toBe(200);
    expect((await response.json()).host).toBe(`ehr.test:${tls?.port}`);
  });

  it('refuses a certificate for another name, even at the same address', async () => {
    await expect(httpsFetch()(`https://other.test:${tls?.port}/fhir/Patient/1`)).rejects.toThrow(
      /altnames|certificate|Hostname/i,
    );
  });
});

describe('which addresses count as public', () => {
  it.each([
    ['93.184.216.34', 4, true],
    ['8.8.8.8', 4, true],
    ['2606:4700:4700::1111', 6, true],
    ['127.0.0.1', 4, false],
    ['10.1.2.3', 4, false],
    ['172.20.0.1', 4, false],
    ['192.168.1.1', 4, false],
    ['169.254.169.254', 4, false],
    ['100.64.0.1', 4, false],
    ['0.0.0.0', 4, false],
    ['224.0.0.1', 4, false],
    ['::1', 6, false],
    ['::', 6, false],
    ['fe80::1', 6, false],
    ['fd00::1', 6, false],
    ['::ffff:127.0.0.1', 6, false],
    ['::ffff:7f00:1', 6, false],
    ['::ffff:a9fe:a9fe', 6, false],
    ['64:ff9b::10.0.0.1', 6, false],
    ['::ffff:93.184.216.34', 6, true],
  ] as const)('%s (IPv%i): public %s', (address, family, expected) => {
    expect(isPublicAddress(address, family)).toBe(expected);
  });
});
