#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between `npm install` and `npm start`.
import { register } from 'tsx/esm/api';

register();
process.env.REFUND_DESK_CLI = '1';
await import('../app/cli.ts');
