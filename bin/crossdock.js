#!/usr/bin/env node
// The `crossdock` command. TypeScript sources run through tsx, so there is no build step.
require('tsx/cjs');
require('../pipeline/cli.ts').main();
