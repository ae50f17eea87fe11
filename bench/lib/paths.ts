import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ sits in it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const benchDir = fileURLToPath(new URL('../', import.meta.url));
export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/** The installed version of a package, from its package.json in the root node_modules. */
export function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(`${repoRoot}node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
