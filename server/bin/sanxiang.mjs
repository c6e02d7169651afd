#!/usr/bin/env node
// Entry of the `sanxiang` command. The server runs its TypeScript sources through tsx, so there is
// no separate server build step and `npx sanxiang` always runs the code in the checkout.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
