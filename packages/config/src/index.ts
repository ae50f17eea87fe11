import { logLevels, type LogLevel } from '@onegraph/log';

/**
 * Reads environment variables for one deployable's `parseConfig`, collecting
 * every problem (variable, expected form, value received) instead of
 * stopping at the first, so a misconfigured service says everything wrong
 * with it at once, at start.
 */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Record<string, string | undefined>) {}

  string(name: string): string | undefined;
  string(name: string, fallback: string): string;
  string(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  required(name: string, expected: string): string {
    const value = this.string(name);
    if (value === undefined) {
      this.problems.push(`${name}: expected ${expected}, got nothing`);
      return '';
    }
    return value;
  }

  port(name: string, fallback: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) this.problems.push(`${name}: expected a port 0-65535, got "${raw}"`);
    return n;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) this.problems.push(`${name}: expected an integer ${min}-${max}, got "${raw}"`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name}: expected true or false, got "${raw}"`);
    return fallback;
  }

  url(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      new URL(raw);
    } catch {
      this.problems.push(`${name}: expected a URL, got "${raw}"`);
    }
    return raw;
  }

  list(name: string): string[] | undefined {
    const raw = this.string(name);
    return raw === undefined
      ? undefined
      : raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }

  secret(name: string, minLength: number): string {
    const value = this.required(name, `a secret of at least ${minLength} characters`);
    if (value && value.length < minLength) this.problems.push(`${name}: expected at least ${minLength} characters, got ${value.length}`);
    return value;
  }

  logLevel(name = 'LOG_LEVEL'): LogLevel {
    const raw = this.string(name, 'info');
    if (!(logLevels as readonly string[]).includes(raw)) this.problems.push(`${name}: expected one of ${logLevels.join(', ')}, got "${raw}"`);
    return raw as LogLevel;
  }

  /** Throws one error listing every problem found, if any. */
  done(service: string): void {
    if (this.problems.length > 0) {
      throw new ConfigError(`${service}: invalid configuration:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`);
    }
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
