import type { Db } from '@onegraph/db';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Logger } from '@onegraph/log';
import { ProductCallError } from '@onegraph/onestack-clients';
import { runUnit } from '../../core/unit-of-work.ts';
import { allMailboxes, lockMailbox, mailboxById, recordSyncOutcome, storeSyncLink, syncLink } from './store.ts';
import type { MailboxRow } from '../../core/rows.ts';
import { mailFolders, type GraphClient, type MailFolder } from './graph-client.ts';
import { m365NotConnected } from './graph-tokens.ts';
import { importMessage } from './import-message.ts';

export const M365_SYNC_ACTOR = 'crm.m365-sync';
/** The seed's "every 5 minutes". */
export const DEFAULT_M365_SYNC_INTERVAL_MS = 5 * 60_000;

export interface M365SyncOptions {
  db: Db;
  /** Undefined when Microsoft Graph is not configured: the background sync then does nothing. */
  graph: GraphClient | undefined;
  /** Between the end of one background round and the start of the next, in ms. Default 300 000 (5 minutes). */
  intervalMs?: number;
  /** The clock of its rounds' timer. Default the system's; tests move their own. */
  clock?: Clock;
  log: Logger;
  /** Called after a transaction that wrote to the outbox commits. */
  onOutbox: () => void;
}

export interface M365Sync {
  /**
   * The Graph client for an organisation's mailboxes; throws the coded
   * error (`DOWNSTREAM_SERVICE_ERROR`) when Graph is not configured or the
   * organisation has no app registration.
   */
  graphFor(org: string): GraphClient;
  /**
   * Syncs one mailbox now (after a sync of it already running, never
   * alongside it); resolves with the mailbox as it stands after, or
   * undefined when it is not connected. Rejects with the Graph error.
   */
  syncMailbox(org: string, mailboxId: string): Promise<MailboxRow | undefined>;
  /** Starts a sync of the mailbox in the background (a new connection). */
  kick(org: string, mailboxId: string): void;
  stop(): Promise<void>;
}

// part of every request's context (index.ts sets it)
declare module '../../core/context.ts' {
  interface CrmContext {
    /** The M365 email sync, and the Graph client of organisations with an app registration (`graphFor`). */
    m365: M365Sync;
  }
}

export const graphNotConfigured = () =>
  new ProductCallError('m365', 'Microsoft Graph is not configured (GRAPH_API_URL): mailboxes cannot be synced or sent from', { retryable: false });

/**
 * The M365 email sync: every connected mailbox's inbox and sent items, by
 * Graph delta queries, every `intervalMs` (first round at start, so a
 * restarted process catches up at once). Each page of a delta round is
 * imported in one transaction together with the link that follows it (the
 * next page's, or the round's delta link), so a restart resumes exactly
 * after the last page imported: nothing is imported twice, nothing lost.
 */
export function startM365Sync(options: M365SyncOptions): M365Sync {
  const { db, graph, log } = options;
  const intervalMs = options.intervalMs ?? DEFAULT_M365_SYNC_INTERVAL_MS;
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;
  const clock = options.clock ?? systemClock;
  let cancelTimer: (() => void) | undefined;
  let roundDone: Promise<void> = Promise.resolve();

  async function syncFolder(client: GraphClient, mailbox: MailboxRow, folder: MailFolder): Promise<boolean> {
    let link = (await syncLink(db, mailbox.org_id, mailbox.id, folder))?.link ?? null;
    for (;;) {
      const page = await client.deltaPage(mailbox.org_id, mailbox.address, folder, link).catch((error: unknown) => {
        // Graph forgets old sync states (410 Gone): start the folder over; what was seen is remembered, so nothing is logged twice
        if (link && error instanceof ProductCallError && error.status === 410) return client.deltaPage(mailbox.org_id, mailbox.address, folder, null);
        throw error;
      });
      const { result: connected, wrote } = await runUnit(db, mailbox.org_id, M365_SYNC_ACTOR, async (unit) => {
        const current = await lockMailbox(unit.tx, unit.org, mailbox.id);
        if (!current) return false; // disconnected meanwhile: keep nothing of it
        for (const message of page.messages) await importMessage(unit, current, folder, message);
        await storeSyncLink(unit.tx, unit.org, mailbox.id, folder, page.next, unit.now);
        return true;
      });
      if (wrote) options.onOutbox();
      if (!connected) return false;
      if (page.next.complete) return true;
      link = page.next.link;
    }
  }

  function graphFor(org: string): GraphClient {
    if (!graph) throw graphNotConfigured();
    if (!graph.connected(org)) throw m365NotConnected(org);
    return graph;
  }

  async function run(org: string, mailboxId: string): Promise<MailboxRow | undefined> {
    const mailbox = await mailboxById(db, org, mailboxId);
    if (!mailbox) return undefined;
    const client = graphFor(org);
    try {
      for (const folder of mailFolders) if (!(await syncFolder(client, mailbox, folder))) return undefined;
      await recordSyncOutcome(db, org, mailboxId, new Date(), null);
    } catch (error) {
      await recordSyncOutcome(db, org, mailboxId, new Date(), (error as Error).message.slice(0, 1000)).catch(() => {});
      throw error;
    }
    return mailboxById(db, org, mailboxId);
  }

  function syncMailbox(org: string, mailboxId: string): Promise<MailboxRow | undefined> {
    const key = `${org}\u0000${mailboxId}`;
    const next = (running.get(key) ?? Promise.resolve()).catch(() => {}).then(() => run(org, mailboxId));
    running.set(key, next);
    const forget = () => {
      if (running.get(key) === next) running.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  const background = (mailbox: Pick<MailboxRow, 'org_id' | 'id'>) =>
    syncMailbox(mailbox.org_id, mailbox.id).catch((error: unknown) =>
      log.warn('m365: mailbox sync failed', { org: mailbox.org_id, mailbox: mailbox.id, error: (error as Error).message }),
    );

  async function round(): Promise<void> {
    try {
      for (const mailbox of await allMailboxes(db)) {
        if (stopped) return;
        // an organisation without an app registration is not synced (connecting its mailboxes is refused)
        if (!graph?.connected(mailbox.org_id)) continue;
        await background(mailbox);
      }
    } catch (error) {
      log.error('m365: sync round failed', { error: (error as Error).message });
    } finally {
      if (!stopped) cancelTimer = clock.setTimer(() => void (roundDone = round()), intervalMs);
    }
  }
  if (graph) cancelTimer = clock.setTimer(() => void (roundDone = round()), 0);

  return {
    graphFor,
    syncMailbox,
    kick(org, mailboxId) {
      if (graph?.connected(org) && !stopped) void background({ org_id: org, id: mailboxId });
    },
    async stop() {
      stopped = true;
      cancelTimer?.();
      await Promise.allSettled([roundDone, ...running.values()]);
    },
  };
}
