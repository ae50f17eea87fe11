import type { BoardView, ColumnView, PipelineView } from './board.ts';
import type { WidgetDealFragment } from '@onegraph/client';
import { formatMoney, formatTotals, toCents } from './money.ts';
import type { ClientError as WidgetError, LinkState } from '@onegraph/client';

/**
 * The widget's DOM, built with `createElement` and text nodes only: data
 * from the graph never goes through an HTML parser (the page's CSP also
 * requires Trusted Types for script sinks, so an `innerHTML` would throw).
 */
type Child = Node | string;

function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const linkText: Record<LinkState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** The page's fixed parts: a header with the live indicator, and the body the states replace. */
export class WidgetView {
  private readonly title = el('h1', { class: 'company' }, 'Pipeline');
  private readonly link = el('span', { class: 'link', role: 'status', 'data-state': 'connecting' }, linkText.connecting);
  private readonly body = el('div', { class: 'body' });

  constructor(root: HTMLElement) {
    root.replaceChildren(el('header', {}, this.title, this.link), this.body);
  }

  setLink(state: LinkState): void {
    this.link.dataset['state'] = state;
    this.link.textContent = linkText[state];
  }

  showLoading(): void {
    this.body.replaceChildren(el('p', { class: 'loading', role: 'status', 'aria-busy': 'true' }, 'Loading pipeline…'));
  }

  showError(error: WidgetError): void {
    this.link.hidden = true;
    this.body.replaceChildren(
      el('div', { class: 'error', role: 'alert' }, el('strong', { class: 'code' }, error.code), ' ', el('span', { class: 'message' }, error.message)),
    );
  }

  /** Asks for a token when the URL fragment carried none; resolves with what the user entered. */
  askForToken(): Promise<string> {
    this.link.hidden = true;
    return new Promise((resolve) => {
      const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', required: '', spellcheck: 'false' }) as HTMLInputElement;
      const form = el('form', { class: 'token' }, el('label', { for: 'token' }, 'Hub token'), input, el('button', { type: 'submit' }, 'Open'));
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        const token = input.value.trim();
        if (!token) return;
        this.link.hidden = false;
        resolve(token);
      });
      this.body.replaceChildren(form);
      input.focus();
    });
  }

  showBoard(view: BoardView, locale: string | undefined): void {
    this.title.textContent = view.company.name;
    const health = view.company.health;
    const summary = el(
      'dl',
      { class: 'summary' },
      el('dt', {}, 'Open deals'),
      el('dd', { 'data-field': 'open-count' }, String(view.openCount)),
      el('dt', {}, 'Open value'),
      el('dd', { 'data-field': 'open-value' }, formatTotals(view.total, locale)),
      el('dt', {}, 'Weighted value'),
      el('dd', { 'data-field': 'weighted-value' }, formatTotals(view.weighted, locale)),
      el('dt', {}, 'Health'),
      el(
        'dd',
        { 'data-field': 'health', ...(health ? { 'data-risk': health.risk } : {}) },
        health ? `${health.score} (${health.risk.toLowerCase()} risk)` : 'Not computed yet',
      ),
    );
    const pipelines = view.pipelines.length === 0 ? [el('p', { class: 'empty' }, 'No open deals.')] : view.pipelines.map((p) => pipelineSection(p, locale));
    this.body.replaceChildren(summary, ...pipelines);
  }
}

function pipelineSection(pipeline: PipelineView, locale: string | undefined): HTMLElement {
  return el(
    'section',
    { class: 'pipeline', 'data-pipeline-id': pipeline.id, 'aria-label': pipeline.name },
    el('h2', {}, pipeline.name),
    ...pipeline.columns.map((c) => column(c, locale)),
  );
}

function column(column: ColumnView, locale: string | undefined): HTMLElement {
  return el(
    'section',
    { class: column.deals.length ? 'stage' : 'stage empty', 'data-stage-id': column.stageId, 'aria-label': column.name },
    el(
      'h3',
      {},
      el('span', { class: 'name' }, column.name),
      el('span', { class: 'count', 'data-field': 'count' }, String(column.deals.length)),
      el('span', { class: 'total', 'data-field': 'total' }, formatTotals(column.total, locale)),
      el(
        'span',
        { class: 'weighted', 'data-field': 'weighted', title: 'Weighted value' },
        column.deals.length ? `(${formatTotals(column.weighted, locale)} weighted)` : '',
      ),
    ),
    ...(column.deals.length ? [el('ul', {}, ...column.deals.map((d) => deal(d, locale)))] : []),
  );
}

function deal(deal: WidgetDealFragment, locale: string | undefined): HTMLElement {
  return el(
    'li',
    { class: 'deal', 'data-deal-id': deal.id },
    el('span', { class: 'title' }, deal.title),
    el('span', { class: 'value', 'data-field': 'value' }, formatMoney({ currency: deal.currency, cents: toCents(deal.value) }, locale)),
    el('span', { class: 'probability', 'data-field': 'probability' }, `${deal.probability}%`),
    ...(deal.expectedCloseDate ? [el('span', { class: 'close', title: 'Expected close' }, deal.expectedCloseDate)] : []),
  );
}
