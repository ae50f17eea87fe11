import { isDeepStrictEqual } from 'node:util';

/**
 * Where two JSON values first differ (a path like `data.users[2].name`), or
 * undefined when they are equal. Object key order is not compared.
 */
export function firstDifference(actual: unknown, expected: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(actual, expected)) return undefined;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return `${path || '(root)'}: ${actual.length} items, expected ${expected.length}`;
    for (let i = 0; i < actual.length; i++) {
      const diff = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (diff) return diff;
    }
  }
  if (isObject(actual) && isObject(expected)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const diff = firstDifference(actual[key], expected[key], path ? `${path}.${key}` : key);
      if (diff) return diff;
    }
  }
  return `${path || '(root)'}: got ${preview(actual)}, expected ${preview(expected)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
