import { afterEach, describe, expect, it } from 'vitest';
import { createSearchIndex, type SearchIndex, toFtsQuery } from '../../src/tools/index.js';

const PASSAGES = [
  { id: 'refunds', text: 'Refunds are issued to the original payment method within five business days.' },
  { id: 'shipping', text: 'Standard shipping takes three to seven days; express shipping arrives next day.' },
  {
    id: 'returns',
    text: 'Items may be returned within thirty days if unused and in their original packaging.',
  },
  { id: 'warranty', text: 'The warranty covers manufacturing defects for two years from the purchase date.' },
  { id: 'near', text: 'Stores NEAR you: find a store by postcode.' },
];

function unit(values: number[]): Float32Array {
  return new Float32Array(values);
}

describe('search index', () => {
  let index: SearchIndex;
  afterEach(() => index?.close());

  function build(): SearchIndex {
    index = createSearchIndex();
    index.add(
      PASSAGES.map((passage, position) => ({
        ...passage,
        // One axis per passage, so the nearest vector is known exactly.
        vector: unit(PASSAGES.map((_, axis) => (axis === position ? 1 : 0.1))),
      })),
    );
    return index;
  }

  it('ranks the passage holding the query terms first by BM25', () => {
    build();
    const hits = index.bm25('how long does express shipping take', 3);
    expect(hits[0]?.id).toBe('shipping');
    expect(hits[0]!.score).toBeGreaterThan(0);
    for (let position = 1; position < hits.length; position++) {
      expect(hits[position]!.score).toBeLessThanOrEqual(hits[position - 1]!.score);
    }
    // Porter stemming: "refunded" finds "Refunds".
    expect(index.bm25('refunded', 1)[0]?.id).toBe('refunds');
  });

  it('finds the nearest vector by cosine similarity, whatever its length', () => {
    build();
    const query = unit([0, 0, 0, 5, 0.2]);
    const hits = index.vectorSearch(query, 2);
    expect(hits.map((hit) => hit.id)).toEqual(['warranty', 'near']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(hits[0]!.score).toBeLessThanOrEqual(1.000001);
  });

  it('fuses BM25 and vector ranks', () => {
    build();
    // Text points at shipping, the vector at warranty: both come first, ahead of the rest.
    const fused = index.hybrid('express shipping', unit([0, 0, 0, 1, 0]), 3);
    expect(
      fused
        .slice(0, 2)
        .map((hit) => hit.id)
        .sort(),
    ).toEqual(['shipping', 'warranty']);
    // A passage found by both methods beats one found by a single method.
    const agreeing = index.hybrid('warranty defects', unit([0, 0, 0, 1, 0]), 2);
    expect(agreeing[0]?.id).toBe('warranty');
    expect(agreeing[0]!.score).toBeCloseTo(2 / 61, 6);
    // Without a vector, hybrid is BM25 order.
    expect(index.hybrid('original packaging', null, 1)[0]?.id).toBe('returns');
  });

  it('accepts hostile FTS syntax as plain words', () => {
    build();
    const hostile = [
      '"unbalanced quote',
      'shipping*',
      'NEAR(shipping refunds, 2)',
      'text: shipping',
      'AND OR NOT',
      '-shipping ^refunds',
      '(((',
      "'; DROP TABLE passages; --",
      '{shipping} + [refunds]',
      '',
      '***',
    ];
    for (const query of hostile) expect(() => index.bm25(query, 5)).not.toThrow();
    expect(index.bm25('NEAR(shipping refunds, 2)', 5).map((hit) => hit.id)).toContain('near');
    expect(index.bm25('***', 5)).toEqual([]);
    expect(index.size()).toBe(PASSAGES.length);
    expect(toFtsQuery('say "hi" NEAR*')).toBe('"say" OR "hi" OR "near"');
  });

  it('gets passages by id and rejects duplicate ids', () => {
    build();
    expect(index.get('returns')?.text).toContain('thirty days');
    expect(index.get('missing')).toBeUndefined();
    expect(() => index.add([{ id: 'returns', text: 'again' }])).toThrow(/returns/);
    expect(index.size()).toBe(PASSAGES.length);
  });

  it('rejects vectors of another dimension', () => {
    build();
    expect(() => index.vectorSearch(unit([1, 0]), 1)).toThrow(/dimensions/);
  });
});
