#!/usr/bin/env node
// Entry point for `npx cgm`: the compiled CLI is built by `npm ci` (the root `prepare` script).
import '../dist/cli/main.js';
