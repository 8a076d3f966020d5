#!/usr/bin/env node
// Validates AsyncAPI documents with the official parser, @asyncapi/parser
// (pinned in .ci/package.json; install with .ci/install-validators). The
// parser checks the document against the AsyncAPI JSON Schema (bindings
// included) and runs its Spectral ruleset.
//
//   node .ci/validate-asyncapi.mjs FILE...
//
// Prints one line per diagnostic (`file:line:col severity code message
// (path)`) and a summary per file. Exits 0 when no document has an
// error-severity diagnostic (warnings, information and hints are reported
// but allowed), 1 when one has, 2 on bad usage or an unreadable file.
//
// Runs offline: `$ref`s to http(s) URLs are refused (reported as errors)
// instead of fetched.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';

const SEVERITY = ['error', 'warning', 'information', 'hint'];

// The parser falls back to its own http(s) reader when a resolver throws,
// so these resolvers (tried first) answer every remote `$ref` with an empty
// schema and record it; each recorded reference counts as an error.
const refused = [];
const refuseRemote = (schema) => ({
  schema,
  order: 1,
  canRead: true,
  read: (uri) => {
    refused.push(uri.toString());
    return '{}';
  },
});

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node .ci/validate-asyncapi.mjs FILE...');
  process.exit(2);
}

const parser = new Parser({
  __unstable: { resolver: { resolvers: [refuseRemote('http'), refuseRemote('https')] } },
});

let errors = 0;
let warnings = 0;
for (const file of files) {
  const path = resolve(file);
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    console.error(`${file}: cannot read: ${error.message}`);
    process.exit(2);
  }
  refused.length = 0;
  const { document, diagnostics } = await parser.parse(text, { source: path });
  let fileErrors = 0;
  for (const uri of new Set(refused)) {
    console.log(`${file}: error remote-ref $ref to ${uri} refused: validation runs offline`);
    fileErrors += 1;
  }
  let fileWarnings = 0;
  for (const diagnostic of diagnostics) {
    const severity = SEVERITY[diagnostic.severity] ?? `severity-${diagnostic.severity}`;
    if (diagnostic.severity === 0) fileErrors += 1;
    if (diagnostic.severity === 1) fileWarnings += 1;
    const start = diagnostic.range?.start ?? { line: 0, character: 0 };
    const where = (diagnostic.path ?? []).join('.');
    console.log(
      `${file}:${start.line + 1}:${start.character + 1} ${severity} ${diagnostic.code} ${diagnostic.message}${where ? ` (${where})` : ''}`,
    );
  }
  if (document === undefined && fileErrors === 0) {
    console.log(`${file}: error: the parser returned no document`);
    fileErrors += 1;
  }
  console.log(`${file}: ${fileErrors} error(s), ${fileWarnings} warning(s)`);
  errors += fileErrors;
  warnings += fileWarnings;
}
console.log(`asyncapi: ${files.length} document(s), ${errors} error(s), ${warnings} warning(s)`);
process.exit(errors > 0 ? 1 : 0);
