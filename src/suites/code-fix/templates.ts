import type { SeededRandom } from '../shared/index.js';

/** Constants a template draws per case, so variants differ in more than the function's name. */
export type TemplateParameters = Record<string, number>;

/**
 * A family of bugs: a correct and a buggy source (with the function name and
 * constants filled in), the correct behaviour as a TypeScript function to
 * compute expected values, and the inputs of the visible and hidden tests.
 * At least one visible input exposes the bug; hidden inputs probe the edges.
 */
export interface BugTemplate {
  id: string;
  names: readonly string[];
  parameters(random: SeededRandom): TemplateParameters;
  task(name: string, parameters: TemplateParameters): string;
  fixed(name: string, parameters: TemplateParameters): string;
  buggy(name: string, parameters: TemplateParameters): string;
  solve(parameters: TemplateParameters): (...args: never[]) => unknown;
  visible(parameters: TemplateParameters): unknown[][];
  hidden(parameters: TemplateParameters): unknown[][];
}

const none = (): TemplateParameters => ({});

export const TEMPLATES: BugTemplate[] = [
  {
    id: 'inclusive-range-sum',
    names: ['sumRange', 'rangeTotal', 'sumBetween', 'addRange'],
    parameters: none,
    task: (name) => `${name}(a, b) returns the sum of all integers from a to b inclusive (0 when a > b).`,
    fixed: (name) =>
      `function ${name}(a, b) {\n  let total = 0;\n  for (let i = a; i <= b; i++) total += i;\n  return total;\n}`,
    buggy: (name) =>
      `function ${name}(a, b) {\n  let total = 0;\n  for (let i = a; i < b; i++) total += i;\n  return total;\n}`,
    solve: () => (a: number, b: number) => (a > b ? 0 : ((b - a + 1) * (a + b)) / 2),
    visible: () => [
      [1, 4],
      [3, 3],
    ],
    hidden: () => [
      [-2, 2],
      [5, 1],
      [10, 20],
      [0, 0],
    ],
  },
  {
    id: 'max-of-negatives',
    names: ['maxOf', 'largest', 'highestValue', 'peak'],
    parameters: none,
    task: (name) => `${name}(numbers) returns the largest number of a non-empty array.`,
    fixed: (name) =>
      `function ${name}(numbers) {\n  let best = numbers[0];\n  for (const n of numbers) if (n > best) best = n;\n  return best;\n}`,
    buggy: (name) =>
      `function ${name}(numbers) {\n  let best = 0;\n  for (const n of numbers) if (n > best) best = n;\n  return best;\n}`,
    solve: () => (numbers: number[]) => Math.max(...numbers),
    visible: () => [[[3, 9, 2]], [[-4, -2, -7]]],
    hidden: () => [[[-1]], [[5]], [[-10, -3, -30]], [[0, -1, 2]]],
  },
  {
    id: 'clamp-swapped',
    names: ['clamp', 'bound', 'limitTo', 'confine'],
    parameters: (random) => ({ low: random.int(0, 10), high: random.int(20, 50) }),
    task: (name) => `${name}(x, low, high) returns x limited to the range [low, high].`,
    fixed: (name) => `function ${name}(x, low, high) {\n  return Math.min(Math.max(x, low), high);\n}`,
    buggy: (name) => `function ${name}(x, low, high) {\n  return Math.max(Math.min(x, low), high);\n}`,
    solve: () => (x: number, low: number, high: number) => Math.min(Math.max(x, low), high),
    visible: ({ low = 0, high = 1 }) => [
      [low + 1, low, high],
      [high + 5, low, high],
    ],
    hidden: ({ low = 0, high = 1 }) => [
      [low - 3, low, high],
      [low, low, high],
      [high, low, high],
      [-100, low, high],
    ],
  },
  {
    id: 'average-of-empty',
    names: ['average', 'mean', 'meanOf', 'averageOf'],
    parameters: none,
    task: (name) => `${name}(numbers) returns the arithmetic mean of the array, or 0 for an empty array.`,
    fixed: (name) =>
      `function ${name}(numbers) {\n  if (numbers.length === 0) return 0;\n  let sum = 0;\n  for (const n of numbers) sum += n;\n  return sum / numbers.length;\n}`,
    buggy: (name) =>
      `function ${name}(numbers) {\n  let sum = 0;\n  for (const n of numbers) sum += n;\n  return sum / numbers.length;\n}`,
    solve: () => (numbers: number[]) =>
      numbers.length === 0 ? 0 : numbers.reduce((a, b) => a + b, 0) / numbers.length,
    visible: () => [[[2, 4, 6]], [[]]],
    hidden: () => [[[5]], [[-1, 1]], [[1, 2]], [[]]],
  },
  {
    id: 'factorial-base',
    names: ['factorial', 'fact', 'productUpTo', 'permutations'],
    parameters: none,
    task: (name) => `${name}(n) returns n! for integers n >= 0 (0! is 1).`,
    fixed: (name) =>
      `function ${name}(n) {\n  let result = 1;\n  for (let i = 2; i <= n; i++) result *= i;\n  return result;\n}`,
    buggy: (name) =>
      `function ${name}(n) {\n  if (n === 0) return 0;\n  let result = 1;\n  for (let i = 2; i <= n; i++) result *= i;\n  return result;\n}`,
    solve: () => (n: number) => {
      let result = 1;
      for (let i = 2; i <= n; i++) result *= i;
      return result;
    },
    visible: () => [[4], [0]],
    hidden: () => [[1], [5], [10], [0]],
  },
  {
    id: 'divisor-labels-order',
    names: ['label', 'fizzLabel', 'tagNumber', 'classify'],
    parameters: (random) => ({ first: random.pick([2, 3, 4]), second: random.pick([5, 7]) }),
    task: (name, { first, second }) =>
      `${name}(n) returns "both" when n is divisible by ${first} and by ${second}, "first" when only by ${first}, "second" when only by ${second}, and String(n) otherwise.`,
    fixed: (name, { first, second }) =>
      `function ${name}(n) {\n  if (n % ${first} === 0 && n % ${second} === 0) return 'both';\n  if (n % ${first} === 0) return 'first';\n  if (n % ${second} === 0) return 'second';\n  return String(n);\n}`,
    buggy: (name, { first, second }) =>
      `function ${name}(n) {\n  if (n % ${first} === 0) return 'first';\n  if (n % ${second} === 0) return 'second';\n  if (n % ${first} === 0 && n % ${second} === 0) return 'both';\n  return String(n);\n}`,
    solve:
      ({ first = 1, second = 1 }) =>
      (n: number) =>
        n % first === 0 && n % second === 0
          ? 'both'
          : n % first === 0
            ? 'first'
            : n % second === 0
              ? 'second'
              : String(n),
    visible: ({ first = 1, second = 1 }) => [[first], [first * second]],
    hidden: ({ first = 1, second = 1 }) => [[second], [1], [first * second * 2], [first * second + 1]],
  },
  {
    id: 'strict-count',
    names: ['countOf', 'occurrences', 'countMatches', 'tally'],
    parameters: none,
    task: (name) => `${name}(items, target) counts the items strictly equal (===) to target.`,
    fixed: (name) =>
      `function ${name}(items, target) {\n  let count = 0;\n  for (const item of items) if (item === target) count++;\n  return count;\n}`,
    buggy: (name) =>
      `function ${name}(items, target) {\n  let count = 0;\n  for (const item of items) if (item == target) count++;\n  return count;\n}`,
    solve: () => (items: unknown[], target: unknown) => items.filter((item) => item === target).length,
    visible: () => [
      [[1, 2, 1], 1],
      [[1, '1', 1], 1],
    ],
    hidden: () => [
      [[], 3],
      [[0, '', false], 0],
      [['a', 'a'], 'a'],
      [[2, '2', 2, '2'], '2'],
    ],
  },
  {
    id: 'nth-from-end',
    names: ['nthFromEnd', 'fromEnd', 'tailAt', 'lastNth'],
    parameters: none,
    task: (name) =>
      `${name}(items, n) returns the n-th item from the end (n = 1 is the last item), or undefined when out of range.`,
    fixed: (name) =>
      `function ${name}(items, n) {\n  if (n < 1 || n > items.length) return undefined;\n  return items[items.length - n];\n}`,
    buggy: (name) =>
      `function ${name}(items, n) {\n  if (n < 1 || n > items.length) return undefined;\n  return items[items.length - n - 1];\n}`,
    solve: () => (items: unknown[], n: number) =>
      n < 1 || n > items.length ? undefined : items[items.length - n],
    visible: () => [
      [['a', 'b', 'c'], 1],
      [['a', 'b', 'c'], 2],
    ],
    hidden: () => [
      [['a', 'b', 'c'], 3],
      [[1], 1],
      [[1, 2], 0],
      [[1, 2], 3],
    ],
  },
  {
    id: 'capitalize-empty',
    names: ['capitalize', 'titleWord', 'upperFirst', 'capitalise'],
    parameters: none,
    task: (name) => `${name}(text) returns text with its first character upper-cased ("" stays "").`,
    fixed: (name) =>
      `function ${name}(text) {\n  if (text.length === 0) return '';\n  return text[0].toUpperCase() + text.slice(1);\n}`,
    buggy: (name) => `function ${name}(text) {\n  return text[0].toUpperCase() + text.slice(1);\n}`,
    solve: () => (text: string) => (text.length === 0 ? '' : text.charAt(0).toUpperCase() + text.slice(1)),
    visible: () => [['hello'], ['']],
    hidden: () => [['a'], ['Already'], ['x y'], ['']],
  },
  {
    id: 'binary-search-bounds',
    names: ['binarySearch', 'findIndexSorted', 'locate', 'bsearch'],
    parameters: none,
    task: (name) => `${name}(sorted, target) returns the index of target in the ascending array, or -1.`,
    fixed: (name) =>
      `function ${name}(sorted, target) {\n  let lo = 0;\n  let hi = sorted.length - 1;\n  while (lo <= hi) {\n    const mid = (lo + hi) >> 1;\n    if (sorted[mid] === target) return mid;\n    if (sorted[mid] < target) lo = mid + 1;\n    else hi = mid - 1;\n  }\n  return -1;\n}`,
    buggy: (name) =>
      `function ${name}(sorted, target) {\n  let lo = 0;\n  let hi = sorted.length - 1;\n  while (lo < hi) {\n    const mid = (lo + hi) >> 1;\n    if (sorted[mid] === target) return mid;\n    if (sorted[mid] < target) lo = mid + 1;\n    else hi = mid - 1;\n  }\n  return -1;\n}`,
    solve: () => (sorted: number[], target: number) => sorted.indexOf(target),
    visible: () => [
      [[1, 3, 5, 7], 3],
      [[1, 3, 5, 7], 7],
    ],
    hidden: () => [
      [[4], 4],
      [[], 1],
      [[1, 3, 5, 7], 1],
      [[1, 3, 5, 7], 4],
      [[2, 4, 6, 8, 10], 10],
    ],
  },
  {
    id: 'scale-precedence',
    names: ['toFahrenheit', 'celsiusToF', 'convertTemp', 'fahrenheit'],
    parameters: none,
    task: (name) => `${name}(celsius) converts Celsius to Fahrenheit: celsius * 9 / 5 + 32.`,
    fixed: (name) => `function ${name}(celsius) {\n  return celsius * 9 / 5 + 32;\n}`,
    buggy: (name) => `function ${name}(celsius) {\n  return celsius * 9 / (5 + 32);\n}`,
    solve: () => (celsius: number) => (celsius * 9) / 5 + 32,
    visible: () => [[100], [0]],
    hidden: () => [[-40], [37], [10]],
  },
  {
    id: 'unique-keeps-order',
    names: ['unique', 'dedupe', 'distinct', 'withoutDuplicates'],
    parameters: none,
    task: (name) =>
      `${name}(items) returns the items without duplicates, keeping the first occurrence order.`,
    fixed: (name) =>
      `function ${name}(items) {\n  const seen = new Set();\n  const out = [];\n  for (const item of items) {\n    if (!seen.has(item)) {\n      seen.add(item);\n      out.push(item);\n    }\n  }\n  return out;\n}`,
    buggy: (name) =>
      `function ${name}(items) {\n  const out = [];\n  for (let i = 0; i < items.length; i++) {\n    if (items.indexOf(items[i]) === i - 1 || i === 0) out.push(items[i]);\n  }\n  return out;\n}`,
    solve: () => (items: unknown[]) => [...new Set(items)],
    visible: () => [[[1, 2, 2, 3]], [[3, 1, 3]]],
    hidden: () => [[[]], [['a', 'b', 'a', 'c', 'b']], [[5, 5, 5]], [[1, 2, 3]]],
  },
  {
    id: 'word-count-spaces',
    names: ['wordCount', 'countWords', 'words', 'numberOfWords'],
    parameters: none,
    task: (name) =>
      `${name}(text) counts the words of text separated by any run of whitespace (0 for blank text).`,
    fixed: (name) =>
      `function ${name}(text) {\n  const trimmed = text.trim();\n  return trimmed === '' ? 0 : trimmed.split(/\\s+/).length;\n}`,
    buggy: (name) => `function ${name}(text) {\n  return text.split(' ').length;\n}`,
    solve: () => (text: string) => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length),
    visible: () => [['one two three'], ['  spaced   out  ']],
    hidden: () => [[''], ['single'], ['a\tb\nc'], ['   ']],
  },
  {
    id: 'percent-discount',
    names: ['discounted', 'salePrice', 'applyDiscount', 'priceAfterDiscount'],
    parameters: (random) => ({ cap: random.pick([50, 60, 75]) }),
    task: (name, { cap }) =>
      `${name}(price, percent) returns price reduced by percent %, with the discount capped at ${cap}%, rounded to cents.`,
    fixed: (name, { cap }) =>
      `function ${name}(price, percent) {\n  const rate = Math.min(percent, ${cap}) / 100;\n  return Math.round(price * (1 - rate) * 100) / 100;\n}`,
    buggy: (name, { cap }) =>
      `function ${name}(price, percent) {\n  const rate = Math.max(percent, ${cap}) / 100;\n  return Math.round(price * (1 - rate) * 100) / 100;\n}`,
    solve:
      ({ cap = 50 }) =>
      (price: number, percent: number) =>
        Math.round(price * (1 - Math.min(percent, cap) / 100) * 100) / 100,
    visible: () => [
      [100, 10],
      [80, 90],
    ],
    hidden: () => [
      [19.99, 0],
      [200, 25],
      [50, 100],
      [10, 49],
    ],
  },
];
