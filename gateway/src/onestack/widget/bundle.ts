import { fileURLToPath } from 'node:url';
import { buildBrowserApp, type BrowserAsset, type BrowserBundle } from '../../browser-bundle.ts';

/** One built asset of the widget: `pipeline-<hash>.js`, `pipeline-<hash>.css`. */
export type WidgetAsset = BrowserAsset;
export type WidgetBundle = BrowserBundle;

const entry = fileURLToPath(new URL('../../../widget/src/main.ts', import.meta.url));

/** Bundles the widget's TypeScript and CSS (`gateway/widget/`); takes a few hundred milliseconds. */
export const buildWidget = (): Promise<WidgetBundle> => buildBrowserApp('pipeline', entry);
