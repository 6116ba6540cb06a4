/**
 * A growable column of numbers in one Float64Array (8 bytes a value, no
 * object per value): what per-task figures are kept in so exact
 * percentiles stay affordable at a million tasks. Doubles its capacity
 * when full.
 */
export class NumberColumn {
  private values: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.values = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = value;
  }

  /** Appends every value of another column (merging digests of halves of a run). */
  append(other: NumberColumn): void {
    for (let index = 0; index < other.size; index++) this.push(other.values[index]!);
  }

  /** A view of the values in insertion order (shares memory: valid until the next push). */
  view(): Float64Array {
    return this.values.subarray(0, this.size);
  }

  /** The values sorted ascending, as a new array. */
  sorted(): Float64Array {
    return this.values.slice(0, this.size).sort();
  }
}
