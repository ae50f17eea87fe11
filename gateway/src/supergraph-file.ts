import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@onegraph/log';

/**
 * Serves the supergraph from a file and reloads it when the file changes
 * (written in place or replaced by a rename, as editors and deploy tools do).
 * A new supergraph that does not load is logged and the old one keeps serving.
 */
export function supergraphFromFile(path: string, log: Logger, onReload?: () => void): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    let timer: NodeJS.Timeout | undefined;
    const reload = async () => {
      const next = await readFile(path, 'utf8').catch(() => undefined);
      if (next === undefined || next === current || next.trim() === '') return;
      try {
        update(next);
        current = next;
        log.info('gateway: supergraph reloaded', { path });
        onReload?.();
      } catch (error) {
        log.error('gateway: new supergraph rejected, keeping the current one', { path, error: (error as Error).message });
      }
    };
    // watch the folder, not the file: a rename-replace would orphan a file watcher
    const watcher = watch(dirname(path), (_event, name) => {
      if (name !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 50);
    });
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        watcher.close();
      },
    };
  };
}
