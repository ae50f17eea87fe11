import type { GatewayPlugin } from '../plugin.ts';
import { WIDGET_PREFIX, widgetRoute, type WidgetOptions } from './widget/route.ts';

export type { WidgetOptions } from './widget/route.ts';

/** The PSA sidebar widget at `/widget/pipeline` and its assets (docs/widget.md). */
export function widgetPlugin(options: WidgetOptions = {}): GatewayPlugin {
  let serve: ReturnType<typeof widgetRoute> | undefined;
  return {
    name: 'widget',
    setup({ log }) {
      // checks the options at start: a bad frame-ancestors source refuses to start
      serve = widgetRoute(options, log);
    },
    routes: [{ name: 'widget', path: WIDGET_PREFIX, handle: (req, res) => serve!(req, res) }],
  };
}
