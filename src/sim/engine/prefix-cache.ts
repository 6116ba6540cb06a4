/** A point in a prompt where a cached prefix may end: hash of everything before it and its token count. */
export interface PrefixBoundary {
  hash: string;
  tokens: number;
}

/** vLLM caches whole KV blocks of 16 tokens; a partial block is recomputed. */
export const KV_BLOCK_TOKENS = 16;

/**
 * Prompt prefixes whose KV is still held, least recently used evicted
 * first once the held tokens exceed the capacity (the KV memory that
 * running sequences leave free).
 */
export class PrefixCache {
  private readonly entries = new Map<string, number>();
  private heldTokens = 0;

  constructor(private capacityTokens: number) {}

  /** Tokens of the longest cached prefix among the boundaries, block aligned. */
  lookup(boundaries: readonly PrefixBoundary[]): number {
    for (let index = boundaries.length - 1; index >= 0; index--) {
      const boundary = boundaries[index]!;
      const tokens = this.entries.get(boundary.hash);
      if (tokens !== undefined) {
        this.entries.delete(boundary.hash);
        this.entries.set(boundary.hash, tokens);
        return Math.floor(tokens / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS;
      }
    }
    return 0;
  }

  /** Records that the KV of these prefixes is now held. Only the longest adds to the held size (they nest). */
  insert(boundaries: readonly PrefixBoundary[]): void {
    let longest = 0;
    for (const boundary of boundaries) {
      if (!this.entries.has(boundary.hash)) this.entries.set(boundary.hash, boundary.tokens);
      longest = Math.max(longest, boundary.tokens);
    }
    this.heldTokens += longest;
    this.evict();
  }

  /** Shrinks or grows the room the cache may use. */
  resize(capacityTokens: number): void {
    this.capacityTokens = capacityTokens;
    this.evict();
  }

  private evict(): void {
    while (this.heldTokens > this.capacityTokens && this.entries.size > 0) {
      const oldest = this.entries.keys().next().value as string;
      const tokens = this.entries.get(oldest) ?? 0;
      this.entries.delete(oldest);
      this.heldTokens = Math.max(0, this.heldTokens - tokens);
    }
  }
}
