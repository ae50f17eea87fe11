import { fileURLToPath } from 'node:url';
import { buildBrowserApp, type BrowserAsset, type BrowserBundle } from '../browser-bundle.ts';

/** One built asset of the IDE: `graphiql-<hash>.js`, `graphiql-<hash>.css`. */
export type IdeAsset = BrowserAsset;
export type IdeBundle = BrowserBundle;

const entry = fileURLToPath(new URL('../../graphiql/src/main.ts', import.meta.url));

/** Bundles the IDE (`gateway/graphiql/`: GraphiQL, React and our sign-in bar) as the PSA widget is bundled; takes a second or two. */
export const buildIde = (): Promise<IdeBundle> => buildBrowserApp('graphiql', entry);
