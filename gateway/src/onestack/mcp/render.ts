import type { FormattedExecutionResult } from 'graphql';

/**
 * A result as compact text for an agent's context: one `key: value` a line,
 * nested by two spaces, list items with `- `, nulls and empty lists left
 * out. The same data is in the structured content, untouched.
 */
export function compactText(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}(none)`;
  if (typeof value !== 'object') return `${indent}${String(value)}`;
  const lines: string[] = [];
  const write = (key: string, v: unknown, pad: string) => {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return;
    if (typeof v !== 'object') return lines.push(`${pad}${key}: ${String(v)}`);
    lines.push(`${pad}${key}:`);
    block(v, `${pad}  `);
  };
  const block = (v: object, pad: string) => {
    if (Array.isArray(v)) {
      for (const item of v as unknown[]) {
        if (item === null || typeof item !== 'object') lines.push(`${pad}- ${String(item)}`);
        else {
          const start = lines.length;
          block(item, `${pad}  `);
          if (lines[start] !== undefined) lines[start] = `${pad}- ${lines[start]!.slice(pad.length + 2)}`;
        }
      }
      return;
    }
    for (const [key, item] of Object.entries(v)) write(key, item, pad);
  };
  block(value, indent);
  return lines.length ? lines.join('\n') : `${indent}(none)`;
}

/** The text of an operation's result: its data compactly, then its errors with their codes. */
export function resultText(result: FormattedExecutionResult): string {
  const parts: string[] = [];
  if (result.data) parts.push(compactText(result.data));
  for (const error of result.errors ?? []) parts.push(`error ${String(error.extensions?.['code'] ?? '')}: ${error.message}`.replace('error : ', 'error: '));
  return parts.join('\n');
}
