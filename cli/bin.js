#!/usr/bin/env node
// `npx aftersales …`: registers tsx's CommonJS hook so the TypeScript sources run as they are, then hands over to
// cli/main.ts (which returns the exit code).
'use strict';
require('tsx/cjs');
require('./main.ts')
  .runCli(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
