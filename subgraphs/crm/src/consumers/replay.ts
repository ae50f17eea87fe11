import type { FailedEvent } from '@onegraph/consumers';
import type { CrmContext } from '../core/context.ts';
import { requireWrite } from '../core/unit-of-work.ts';
import { crmConsumerRuntime } from './runtime.ts';

/**
 * An admin's replay of a parked or dead-lettered event of any crm consumer
 * (once the company or deal it names exists, or what failed is fixed): it
 * runs again through its consumer's own handler, exactly once. Still
 * failing: parked or dead-lettered again with the new reason. Resolves with
 * the event as it stands after the replay.
 */
export async function replayFailedEvent(ctx: CrmContext, id: string): Promise<FailedEvent> {
  requireWrite(ctx);
  return crmConsumerRuntime(ctx.db, ctx.outbox, ctx.log).replay(ctx.org, id, ctx.principal.sub);
}
