import '../pipeline.css';
import { PipelineBoard } from './board.ts';
import { query, subscribeLive, WidgetPipelineDocument, WidgetPipelineUpdatedDocument, type ClientError as WidgetError } from '@onegraph/client';
import { WidgetView } from './render.ts';

/**
 * The PSA sidebar widget: `/widget/pipeline?companyId=…#token=…`. PSA puts
 * the user's Hub token in the fragment (never sent to a server, never in
 * logs); the page takes it out of the address bar at once and keeps it in
 * memory only. Without one it asks for it.
 */
async function main(root: HTMLElement): Promise<void> {
  const view = new WidgetView(root);
  const companyId = new URLSearchParams(location.search).get('companyId')?.trim();
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get('token')?.trim();
  if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
  if (!companyId) return view.showError({ code: 'BAD_USER_INPUT', message: 'The address has no companyId' });
  const token = given || (await view.askForToken());

  const httpUrl = new URL('../graphql', location.href).href;
  const locale = navigator.language || undefined;
  const board = new PipelineBoard();
  let failed = false;
  let stop = () => {};

  const fail = (error: WidgetError) => {
    if (failed) return;
    failed = true;
    stop();
    view.showError(error);
  };
  const render = () => {
    try {
      const current = board.view();
      if (current && !failed) view.showBoard(current, locale);
    } catch (error) {
      fail({ code: 'ERROR', message: error instanceof Error ? error.message : 'The pipeline could not be shown' });
    }
  };
  /** Reads the snapshot; `again` (after a reconnection) lets a network failure pass, as the link retries anyway. */
  const read = async (again: boolean) => {
    const since = board.mark();
    const result = await query(httpUrl, token, WidgetPipelineDocument, { companyId });
    if (!result.ok && again && result.error.code === 'OFFLINE') return;
    if (!result.ok) return fail(result.error);
    const summary = result.data.pipelineSummary;
    // another organisation's company and a missing one read the same
    if (!summary) return fail({ code: 'NOT_FOUND', message: `Company ${companyId} was not found` });
    board.applySnapshot(summary.company, summary.openDeals, since);
    render();
  };
  const load = (again = false) =>
    read(again).catch((error: unknown) => fail({ code: 'ERROR', message: error instanceof Error ? error.message : 'The pipeline could not be shown' }));

  view.showLoading();
  // subscribe first, then read the snapshot: an event in between is not lost
  // graphql-ws, or Server-Sent Events where WebSockets cannot connect
  stop = subscribeLive({
    url: httpUrl,
    token,
    document: WidgetPipelineUpdatedDocument,
    variables: { companyId },
    onData: (data) => {
      board.applyEvent(data.pipelineUpdated);
      render();
    },
    onError: fail,
    onTransport: (transport) => root.setAttribute('data-transport', transport),
    onState: (state, resumed) => {
      if (failed) return;
      view.setLink(state);
      // a reconnection without a cursor may have missed events: read the snapshot again
      if (state === 'live' && !resumed) void load(true);
    },
  });
  await load();
}

const root = document.getElementById('app');
if (root) void main(root);
