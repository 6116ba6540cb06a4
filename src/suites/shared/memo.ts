/**
 * Caches one value per seed: generated datasets are built once per process
 * and shared by cases(), prepare() and setup(), which all see the run seed.
 */
export function memoBySeed<T>(build: (seed: number) => T): (seed: number) => T {
  const built = new Map<number, T>();
  return (seed: number) => {
    let value = built.get(seed);
    if (value === undefined) {
      value = build(seed);
      built.set(seed, value);
    }
    return value;
  };
}
