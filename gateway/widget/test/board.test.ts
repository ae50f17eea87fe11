import { describe, expect, it } from 'vitest';
import { PipelineBoard } from '../src/board.ts';
import type { WidgetCompanyFragment, WidgetDealFragment } from '@onegraph/client';
import { formatMoney, fromCents, toCents } from '../src/money.ts';

const company: WidgetCompanyFragment = { id: 'cmp_1', name: 'Acme', health: { score: 72, risk: 'LOW' } };
const stages = [
  { id: 'stg_lead', name: 'Lead', position: 0, kind: 'OPEN' as const },
  { id: 'stg_proposal', name: 'Proposal', position: 1, kind: 'OPEN' as const },
  { id: 'stg_won', name: 'Won', position: 2, kind: 'WON' as const },
];
function deal(
  id: string,
  version: number,
  stageId: string,
  value: string,
  weightedValue: string,
  status: WidgetDealFragment['status'] = 'OPEN',
): WidgetDealFragment {
  const stage = stages.find((s) => s.id === stageId)!;
  return {
    id,
    title: id,
    value,
    currency: 'USD',
    probability: 0,
    weightedValue,
    status,
    expectedCloseDate: null,
    version,
    pipelineStage: { id: stage.id, name: stage.name },
    pipeline: { id: 'pl_1', name: 'New Business', stages },
    company,
  };
}
const columns = (board: PipelineBoard) =>
  board.view()!.pipelines[0]!.columns.map((c) => [c.name, c.deals.map((d) => d.id), c.total.map((t) => fromCents(t.cents))]);

describe('money', () => {
  it('adds decimals exactly, in cents', () => {
    expect(toCents('0.1') + toCents('0.2')).toBe(30n);
    expect(fromCents(toCents('48000') + toCents('0.05'))).toBe('48000.05');
    expect(fromCents(-5n)).toBe('-0.05');
    expect(() => toCents('1.005')).toThrow();
    expect(formatMoney({ currency: 'USD', cents: 3840000n }, 'en-US')).toBe('$38,400.00');
    expect(formatMoney({ currency: 'NOPE', cents: 100n }, 'en-US')).toBe('1.00 NOPE');
  });
});

describe('PipelineBoard', () => {
  it('shows nothing before the snapshot, then every open stage as a column', () => {
    const board = new PipelineBoard();
    board.applyEvent(deal('d1', 2, 'stg_lead', '100.00', '10.00'));
    expect(board.view()).toBeUndefined();
    board.applySnapshot(company, [deal('d1', 1, 'stg_proposal', '100.00', '60.00')], 0);
    // the event (version 2) is newer than the snapshot's deal (version 1)
    expect(columns(board)).toEqual([
      ['Lead', ['d1'], ['100.00']],
      ['Proposal', [], []],
    ]);
  });

  it('moves a deal between columns and recomputes totals; a won deal leaves the board', () => {
    const board = new PipelineBoard();
    board.applySnapshot(company, [deal('d1', 1, 'stg_lead', '100.10', '10.01'), deal('d2', 1, 'stg_lead', '50.00', '5.00')], board.mark());
    expect(board.view()).toMatchObject({ openCount: 2, total: [{ currency: 'USD', cents: 15010n }], weighted: [{ cents: 1501n }] });
    board.applyEvent(deal('d1', 2, 'stg_proposal', '100.10', '60.06'));
    expect(columns(board)).toEqual([
      ['Lead', ['d2'], ['50.00']],
      ['Proposal', ['d1'], ['100.10']],
    ]);
    expect(board.view()!.weighted).toEqual([{ currency: 'USD', cents: 6506n }]);
    board.applyEvent(deal('d1', 1, 'stg_lead', '100.10', '10.01')); // late, older: ignored
    board.applyEvent(deal('d2', 2, 'stg_won', '50.00', '50.00', 'WON'));
    expect(board.view()).toMatchObject({ openCount: 1, total: [{ cents: 10010n }] });
  });

  it('a snapshot keeps deals that events brought after it was requested, and drops older ones it lacks', () => {
    const board = new PipelineBoard();
    board.applySnapshot(company, [deal('d1', 1, 'stg_lead', '1.00', '0.10')], board.mark());
    board.applyEvent(deal('old', 1, 'stg_lead', '1.00', '0.10'));
    const since = board.mark();
    board.applyEvent(deal('new', 1, 'stg_lead', '2.00', '0.20'));
    board.applySnapshot(company, [deal('d1', 1, 'stg_lead', '1.00', '0.10')], since);
    expect(columns(board)[0]![1]).toEqual(['d1', 'new']);
  });
});
