import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ sits in it). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const benchDir = fileURLToPath(new URL('../', import.meta.url));
export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));

/**
 * Where a dependency of the bench workspace is installed: npm puts it in
 * `bench/node_modules` when it needs a version of its own there, else in the
 * root `node_modules` (hoisted), as Node's resolution from `bench/` finds it.
 */
export function packageDir(pkg: string): string {
  const nested = `${benchDir}node_modules/${pkg}/`;
  return existsSync(`${nested}package.json`) ? nested : `${repoRoot}node_modules/${pkg}/`;
}

/** The installed version of a package the benchmark runs, from its package.json. */
export function installedVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(`${packageDir(pkg)}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}
