/**
 * A WHERE clause built from fragments with `?` placeholders, numbered as
 * they are added: `w.add('status = ANY(?)', statuses)`. Values are always
 * bound parameters, never spliced into the SQL text.
 */
export class Where {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  add(fragment: string, ...values: unknown[]): this {
    let i = 0;
    this.clauses.push(fragment.replace(/\?/g, () => `$${this.params.push(values[i++])}`));
    return this;
  }

  /** Adds the fragment only when `value` is neither undefined nor null. */
  maybe(fragment: string, value: unknown): this {
    return value === undefined || value === null ? this : this.add(fragment, value);
  }

  /** The next placeholder, for parameters used outside the WHERE clause. */
  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  toString(): string {
    return this.clauses.length ? this.clauses.join(' AND ') : 'true';
  }
}

/**
 * `SET a = $n, b = $m` from the columns given (undefined ones are left out),
 * for partial updates; always bumps `version` and sets `updated_at`.
 */
export function setClause(w: Where, values: Record<string, unknown>, now: Date): string {
  const parts = Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([column, v]) => `${column} = ${w.param(v)}`);
  parts.push('version = version + 1', `updated_at = ${w.param(now)}`);
  return parts.join(', ');
}

/** `text` for a LIKE pattern that matches it literally: `%`, `_` and the backslash are escaped. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
