// Entry of the sheet-reader thread (sheet-rows-thread.ts): registers tsx's CommonJS hook so the TypeScript body runs
// as it is (as cli/bin.js does), whatever loader the parent process was started with.
'use strict';
require('tsx/cjs');
require('./sheet-rows-thread-body.ts');
