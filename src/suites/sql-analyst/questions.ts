import { SeededRandom, deriveSeed } from '../shared/index.js';
import { type AnalyticsDatabase, CATEGORIES, CHANNELS, REGIONS } from './database.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A question, its gold SQL (selecting one column named `value`) and how answers are compared. */
export interface QuestionTemplate {
  question: string;
  goldSql: string;
  /** 'number' compares within `tolerance`; 'label' expects one of `labels` by name. */
  kind: 'number' | 'label';
  tolerance?: { absolute?: number; relative?: number };
  labels?: readonly string[];
}

function monthRange(year: number, month: number, column = 'sold_at'): string {
  const next = month === 11 ? `${year + 1}-01-01` : `${year}-${String(month + 2).padStart(2, '0')}-01`;
  return `${column} >= '${year}-${String(month + 1).padStart(2, '0')}-01' AND ${column} < '${next}'`;
}

function yearRange(year: number, column = 'sold_at'): string {
  return `${column} >= '${year}-01-01' AND ${column} < '${year + 1}-01-01'`;
}

const MONEY = { absolute: 0.01, relative: 0.0005 };
const COUNT = { absolute: 0 };
const PERCENT = { absolute: 0.05 };

type Maker = (random: SeededRandom, data: AnalyticsDatabase) => QuestionTemplate;

/** Ten kinds of analyst question; each is instantiated with different parameters. */
export const QUESTION_MAKERS: Maker[] = [
  (random) => {
    const region = random.pick(REGIONS);
    const year = random.int(2023, 2024);
    return {
      question: `What was the total revenue in the ${region} region in ${year}?`,
      goldSql: `SELECT ROUND(SUM(amount), 2) AS value FROM sales WHERE region = '${region}' AND ${yearRange(year)}`,
      kind: 'number',
      tolerance: MONEY,
    };
  },
  (random) => {
    const channel = random.pick(CHANNELS);
    const year = random.int(2023, 2024);
    const month = random.int(0, 11);
    return {
      question: `How many sales were made through the ${channel} channel in ${MONTHS[month]} ${year}?`,
      goldSql: `SELECT COUNT(*) AS value FROM sales WHERE channel = '${channel}' AND ${monthRange(year, month)}`,
      kind: 'number',
      tolerance: COUNT,
    };
  },
  (random) => {
    const category = random.pick(CATEGORIES);
    const year = random.int(2023, 2024);
    return {
      question: `What was the average sale amount for ${category} products in ${year}?`,
      goldSql: `SELECT ROUND(AVG(s.amount), 2) AS value FROM sales s JOIN products p ON p.id = s.product_id WHERE p.category = '${category}' AND ${yearRange(year, 's.sold_at')}`,
      kind: 'number',
      tolerance: MONEY,
    };
  },
  (random, data) => {
    const product = random.pick(data.products);
    const year = random.int(2023, 2024);
    const quarter = random.int(1, 4);
    const from = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
    const to = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
    return {
      question: `How many units of ${product.name} were sold in Q${quarter} ${year}?`,
      goldSql: `SELECT COALESCE(SUM(quantity), 0) AS value FROM sales WHERE product_id = ${product.id} AND sold_at >= '${from}' AND sold_at < '${to}'`,
      kind: 'number',
      tolerance: COUNT,
    };
  },
  (random) => {
    const year = random.int(2023, 2024);
    const month = random.int(0, 11);
    return {
      question: `Which region had the highest revenue in ${MONTHS[month]} ${year}?`,
      goldSql: `SELECT region AS value FROM sales WHERE ${monthRange(year, month)} GROUP BY region ORDER BY SUM(amount) DESC LIMIT 1`,
      kind: 'label',
      labels: REGIONS,
    };
  },
  (random) => {
    const region = random.pick(REGIONS);
    const year = random.int(2023, 2024);
    return {
      question: `Which product category sold the most units in the ${region} region in ${year}?`,
      goldSql: `SELECT p.category AS value FROM sales s JOIN products p ON p.id = s.product_id WHERE s.region = '${region}' AND ${yearRange(year, 's.sold_at')} GROUP BY p.category ORDER BY SUM(s.quantity) DESC LIMIT 1`,
      kind: 'label',
      labels: CATEGORIES,
    };
  },
  (random) => {
    const region = random.pick(REGIONS);
    const channel = random.pick(CHANNELS);
    return {
      question: `By what percentage did ${channel} revenue in the ${region} region change from 2023 to 2024?`,
      goldSql: `SELECT ROUND(100.0 * (SUM(CASE WHEN sold_at >= '2024-01-01' THEN amount END) - SUM(CASE WHEN sold_at < '2024-01-01' THEN amount END)) / SUM(CASE WHEN sold_at < '2024-01-01' THEN amount END), 2) AS value FROM sales WHERE region = '${region}' AND channel = '${channel}'`,
      kind: 'number',
      tolerance: PERCENT,
    };
  },
  (random) => {
    const region = random.pick(REGIONS);
    const year = random.int(2023, 2024);
    const month = random.int(0, 11);
    return {
      question: `How many distinct products were sold in the ${region} region in ${MONTHS[month]} ${year}?`,
      goldSql: `SELECT COUNT(DISTINCT product_id) AS value FROM sales WHERE region = '${region}' AND ${monthRange(year, month)}`,
      kind: 'number',
      tolerance: COUNT,
    };
  },
  (random) => {
    const channel = random.pick(CHANNELS);
    const year = random.int(2023, 2024);
    return {
      question: `What percentage of ${year} revenue came from the ${channel} channel?`,
      goldSql: `SELECT ROUND(100.0 * SUM(CASE WHEN channel = '${channel}' THEN amount ELSE 0 END) / SUM(amount), 2) AS value FROM sales WHERE ${yearRange(year)}`,
      kind: 'number',
      tolerance: PERCENT,
    };
  },
  (random) => {
    const category = random.pick(CATEGORIES);
    const year = random.int(2023, 2024);
    const month = random.int(0, 11);
    return {
      question: `What was the largest single sale amount in the ${category} category in ${MONTHS[month]} ${year}?`,
      goldSql: `SELECT MAX(s.amount) AS value FROM sales s JOIN products p ON p.id = s.product_id WHERE p.category = '${category}' AND ${monthRange(year, month, 's.sold_at')}`,
      kind: 'number',
      tolerance: MONEY,
    };
  },
];

/** Draws `perKind` distinct questions of every kind. */
export function drawQuestions(seed: number, data: AnalyticsDatabase, perKind: number): QuestionTemplate[] {
  const random = new SeededRandom(deriveSeed(seed, 'sql-analyst-questions'));
  const questions: QuestionTemplate[] = [];
  for (const make of QUESTION_MAKERS) {
    const seen = new Set<string>();
    for (let attempt = 0; seen.size < perKind && attempt < perKind * 20; attempt += 1) {
      const question = make(random, data);
      if (seen.has(question.question)) continue;
      seen.add(question.question);
      questions.push(question);
    }
  }
  return questions;
}
