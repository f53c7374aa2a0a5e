// Remembers the `jti` of every accepted CDS Client token until it expires, so a captured token
// cannot be replayed (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients: "jti ... MUST be unique").
//
// The memory cache below is per process. When the service runs on several instances, give
// verifyClientJwt a ReplayCache backed by a shared store instead, with one atomic
// "set if absent, with expiry" per token; with Redis that is
//   SET cds-jti:<iss>:<jti> 1 NX EXAT <exp>   -> "OK": new token; nil: replayed
// (the platform's own key-value store with a conditional put works the same way). The store's
// answer must be awaited before the call is answered.

export type ReplayVerdict = 'new' | 'replayed' | 'full';

export interface ReplayCache {
  /** Records `id` until `expiresAt` (epoch seconds) unless it is already recorded. */
  remember(id: string, expiresAt: number, nowSeconds: number): ReplayVerdict | Promise<ReplayVerdict>;
}

/**
 * A bounded in-memory cache. Tokens live at most five minutes (maxTokenAge), so the bound caps the
 * accepted call rate per window (100,000 per 5 min ≈ 330/s by default); past it, new tokens are
 * refused ("full") rather than forgetting a live one, which would let it be replayed.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxEntries = 100_000) {}

  remember(id: string, expiresAt: number, nowSeconds: number): ReplayVerdict {
    const known = this.seen.get(id);
    if (known !== undefined && known >= nowSeconds) return 'replayed';
    if (this.seen.size >= this.maxEntries) this.sweep(nowSeconds);
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(id, expiresAt);
    return 'new';
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(nowSeconds: number) {
    for (const [id, expiry] of this.seen) if (expiry < nowSeconds) this.seen.delete(id);
  }
}
