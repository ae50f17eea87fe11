/** The label value of every name past the bound. */
export const OTHER = 'other';

export interface BoundedNamesOptions {
  /** Most distinct names kept as they are; later new names become `other`. Default 100. */
  max?: number;
  /**
   * When given, only these names are kept (the persisted operations'
   * names); any other becomes `other`, whatever `max` says.
   */
  allowed?: () => ReadonlySet<string> | undefined;
}

/**
 * Keeps a label's cardinality bounded: the first `max` distinct names seen
 * are kept, each later one is reported as `other` (so a client inventing
 * operation names cannot grow the series without end). A missing name is
 * `""`, never `other`.
 */
export function boundedNames(options: BoundedNamesOptions = {}): (name: string | null | undefined) => string {
  const max = options.max ?? 100;
  const seen = new Set<string>();
  return (name) => {
    if (!name) return '';
    const allowed = options.allowed?.();
    if (allowed && !allowed.has(name)) return OTHER;
    if (seen.has(name)) return name;
    if (seen.size >= max) return OTHER;
    seen.add(name);
    return name;
  };
}
