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
  /** Per held prefix: its length, and the tokens it added beyond the prefix it extends (what evicting it frees). */
  private readonly entries = new Map<string, { tokens: number; added: number }>();
  private heldTokens = 0;

  constructor(private capacityTokens: number) {}

  /** Tokens of the longest cached prefix among the boundaries, block aligned. */
  lookup(boundaries: readonly PrefixBoundary[]): number {
    for (let index = boundaries.length - 1; index >= 0; index--) {
      const boundary = boundaries[index]!;
      const entry = this.entries.get(boundary.hash);
      if (entry !== undefined) {
        this.entries.delete(boundary.hash);
        this.entries.set(boundary.hash, entry);
        return Math.floor(entry.tokens / KV_BLOCK_TOKENS) * KV_BLOCK_TOKENS;
      }
    }
    return 0;
  }

  /**
   * Records that the KV of these prefixes is now held: nested boundaries of
   * one sequence, shortest first (its prompt's, then its completion's). A
   * prefix already held adds nothing; a new one adds only the tokens past
   * the longest shorter one, so re-inserting a prefix never grows the held
   * size (it used to add the longest boundary every time, which could
   * evict everything).
   */
  insert(...lists: ReadonlyArray<readonly PrefixBoundary[]>): void {
    let covered = 0;
    for (const boundaries of lists) {
      for (const boundary of boundaries) {
        if (boundary.tokens <= covered) continue;
        const held = this.entries.get(boundary.hash);
        if (held === undefined) {
          const added = boundary.tokens - covered;
          this.entries.set(boundary.hash, { tokens: boundary.tokens, added });
          this.heldTokens += added;
        }
        covered = boundary.tokens;
      }
    }
    this.evict();
  }

  /** Shrinks or grows the room the cache may use. */
  resize(capacityTokens: number): void {
    this.capacityTokens = capacityTokens;
    this.evict();
  }

  /** Tokens the cache holds now (what its entries added). */
  get held(): number {
    return this.heldTokens;
  }

  private evict(): void {
    while (this.heldTokens > this.capacityTokens && this.entries.size > 0) {
      const oldest = this.entries.keys().next().value as string;
      const added = this.entries.get(oldest)?.added ?? 0;
      this.entries.delete(oldest);
      this.heldTokens = Math.max(0, this.heldTokens - added);
    }
  }
}
