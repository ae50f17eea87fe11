import type { WidgetCompanyFragment, WidgetDealFragment } from '@onegraph/client';
import { addTo, toCents, type Money } from './money.ts';

/** One stage column: the company's open deals in it and their sums. */
export interface ColumnView {
  stageId: string;
  name: string;
  deals: WidgetDealFragment[];
  total: Money[];
  weighted: Money[];
}

/** One pipeline the company has open deals in, with every open stage as a column. */
export interface PipelineView {
  id: string;
  name: string;
  columns: ColumnView[];
}

export interface BoardView {
  company: WidgetCompanyFragment;
  openCount: number;
  total: Money[];
  weighted: Money[];
  pipelines: PipelineView[];
}

interface Held {
  deal: WidgetDealFragment;
  /** Which event last set it; 0 for a snapshot. */
  seq: number;
}

/**
 * What the widget knows of one company's deals: a snapshot from
 * `pipelineSummary` merged with `pipelineUpdated` payloads. Payloads and
 * snapshots may arrive in either order (the subscription starts before the
 * snapshot is read, so nothing falls between them): a deal's higher
 * `version` wins, and a snapshot does not drop deals that events delivered
 * after it was requested.
 */
export class PipelineBoard {
  private company: WidgetCompanyFragment | undefined;
  private snapshotApplied = false;
  private readonly deals = new Map<string, Held>();
  private seq = 0;

  /** The event counter now: pass it to `applySnapshot` for a snapshot requested now. */
  mark(): number {
    return this.seq;
  }

  /** Whether a snapshot came: until then events are held, not shown. */
  get loaded(): boolean {
    return this.snapshotApplied;
  }

  /** Replaces the open deals with a snapshot requested when `mark()` returned `since`. */
  applySnapshot(company: WidgetCompanyFragment, openDeals: readonly WidgetDealFragment[], since: number): void {
    const previous = new Map(this.deals);
    this.deals.clear();
    for (const deal of openDeals) {
      const held = previous.get(deal.id);
      this.deals.set(deal.id, held && held.deal.version > deal.version ? held : { deal, seq: 0 });
    }
    for (const [id, held] of previous) {
      if (held.seq > since && !this.deals.has(id)) this.deals.set(id, held);
    }
    // the company as of the snapshot, unless an event after it brought a newer one
    if (!this.company || this.seq <= since) this.company = company;
    this.snapshotApplied = true;
  }

  /** Applies one `pipelineUpdated` payload: the deal as it is now (open, or closed and so leaving the board). */
  applyEvent(deal: WidgetDealFragment): void {
    this.seq += 1;
    const held = this.deals.get(deal.id);
    if (held && held.deal.version > deal.version) return;
    this.deals.set(deal.id, { deal, seq: this.seq });
    this.company = deal.company;
  }

  view(): BoardView | undefined {
    if (!this.snapshotApplied || !this.company) return undefined;
    const open = [...this.deals.values()].map((h) => h.deal).filter((d) => d.status === 'OPEN');
    const total: Money[] = [];
    const weighted: Money[] = [];
    const pipelines = new Map<string, PipelineView>();
    const columns = new Map<string, ColumnView>();
    for (const deal of open.sort(byCloseDateThenTitle)) {
      addTo(total, deal.currency, toCents(deal.value));
      addTo(weighted, deal.currency, toCents(deal.weightedValue));
      let pipeline = pipelines.get(deal.pipeline.id);
      if (!pipeline) {
        pipeline = { id: deal.pipeline.id, name: deal.pipeline.name, columns: [] };
        for (const stage of [...deal.pipeline.stages].sort((a, b) => a.position - b.position)) {
          if (stage.kind !== 'OPEN') continue;
          const column: ColumnView = { stageId: stage.id, name: stage.name, deals: [], total: [], weighted: [] };
          pipeline.columns.push(column);
          columns.set(stage.id, column);
        }
        pipelines.set(pipeline.id, pipeline);
      }
      let target = columns.get(deal.pipelineStage.id);
      // an open deal in a stage its pipeline's stage list lacks (added since): a column of its own
      if (!target) {
        target = { stageId: deal.pipelineStage.id, name: deal.pipelineStage.name, deals: [], total: [], weighted: [] };
        pipeline.columns.push(target);
        columns.set(target.stageId, target);
      }
      target.deals.push(deal);
      addTo(target.total, deal.currency, toCents(deal.value));
      addTo(target.weighted, deal.currency, toCents(deal.weightedValue));
    }
    return { company: this.company, openCount: open.length, total, weighted, pipelines: [...pipelines.values()] };
  }
}

function byCloseDateThenTitle(a: WidgetDealFragment, b: WidgetDealFragment): number {
  // soonest expected close first, as pipelineSummary orders them; undated last
  const ad = a.expectedCloseDate ?? '9999-12-31';
  const bd = b.expectedCloseDate ?? '9999-12-31';
  return ad < bd ? -1 : ad > bd ? 1 : a.title.localeCompare(b.title);
}
