#!/usr/bin/env node
// The clinic command. Sources are TypeScript, run directly by Node 22's type stripping.
import { main } from '../src/cli/main.ts';

main(process.argv).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`clinic: ${err?.stack ?? err}\n`);
    process.exit(2);
  },
);
