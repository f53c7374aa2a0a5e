// Reads a request body up to a byte cap, counting while it streams: a chunked body (no
// Content-Length) is refused once it passes the cap, and the rest is never read or buffered.

export type CappedBody = { status: 'ok'; text: string } | { status: 'too-large' } | { status: 'unreadable' };

export async function readCappedBody(request: Request, maxBytes: number): Promise<CappedBody> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return { status: 'too-large' };
  }
  if (request.body === null) return { status: 'ok', text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { status: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { status: 'unreadable' };
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { status: 'ok', text: new TextDecoder().decode(bytes) };
}
