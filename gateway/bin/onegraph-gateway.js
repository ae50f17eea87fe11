#!/usr/bin/env node
// The gateway ships as TypeScript run through tsx's loader: one source of
// truth, no build step between a change and what runs.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
