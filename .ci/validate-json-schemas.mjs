#!/usr/bin/env node
// Validates weft's JSON Schemas with Ajv (JSON Schema 2020-12, strict mode,
// formats from ajv-formats), as installed by .ci/install-validators.
//
//   node .ci/validate-json-schemas.mjs SCHEMA_DIR [EXAMPLES_DIR]
//
// - Every `*.json` in SCHEMA_DIR except `registry.json` must compile: it is
//   checked against the 2020-12 meta-schema, and strict mode refuses
//   unknown keywords and formats, ignored keywords and loose types.
// - `registry.json`, when present, must name existing schema files whose
//   `$id` matches its `id`, with subjects `<topic>-value` / `<topic>-key`.
// - In EXAMPLES_DIR, `<name>.valid.json` must pass SCHEMA_DIR/<name>.json and
//   every `<name>.invalid.<n>.json` must fail it.
//
// Prints one line per problem and a summary; exit code 0 when all is well,
// 1 when something failed, 2 on bad usage.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaDir, examplesDir] = process.argv.slice(2);
if (!schemaDir) {
  console.error("usage: validate-json-schemas.mjs SCHEMA_DIR [EXAMPLES_DIR]");
  process.exit(2);
}

const problems = [];
const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    problems.push(`${path}: not JSON: ${error.message}`);
    return undefined;
  }
};
const newAjv = () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
};
const describe = (errors) =>
  (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");

const validators = new Map();
const schemaFiles = readdirSync(schemaDir)
  .filter((name) => name.endsWith(".json") && name !== "registry.json")
  .sort();
for (const name of schemaFiles) {
  const path = join(schemaDir, name);
  const schema = readJson(path);
  if (schema === undefined) continue;
  try {
    validators.set(name.slice(0, -".json".length), { validate: newAjv().compile(schema), schema });
  } catch (error) {
    problems.push(`${path}: does not compile: ${error.message}`);
  }
}

let subjects = 0;
const registryPath = join(schemaDir, "registry.json");
if (existsSync(registryPath)) {
  const registry = readJson(registryPath);
  for (const subject of registry?.subjects ?? []) {
    subjects += 1;
    const where = `${registryPath}: subject ${subject.subject}`;
    const expected = subject.subject?.endsWith("-key") ? `${subject.topic}-key` : `${subject.topic}-value`;
    if (subject.subject !== expected) problems.push(`${where}: not named ${expected} (TopicNameStrategy)`);
    const entry = validators.get(basename(subject.schema ?? "", ".json"));
    if (!existsSync(join(schemaDir, subject.schema ?? ""))) {
      problems.push(`${where}: schema file ${subject.schema} is missing`);
    } else if (entry && entry.schema.$id !== subject.id) {
      problems.push(`${where}: id ${subject.id} differs from the schema's $id ${entry.schema.$id}`);
    }
    if (subject.schemaType !== "JSON") problems.push(`${where}: schemaType is not JSON`);
  }
}

let examples = 0;
if (examplesDir) {
  for (const name of readdirSync(examplesDir).sort()) {
    const match = /^(.*)\.(valid|invalid\.[0-9]+)\.json$/.exec(name);
    if (!match) continue;
    const [, stem, kind] = match;
    const path = join(examplesDir, name);
    const entry = validators.get(stem);
    if (!entry) {
      problems.push(`${path}: no compiled schema ${stem}.json`);
      continue;
    }
    const value = readJson(path);
    if (value === undefined) continue;
    examples += 1;
    const ok = entry.validate(value);
    if (kind === "valid" && !ok) {
      problems.push(`${path}: valid example rejected: ${describe(entry.validate.errors)}`);
    } else if (kind !== "valid" && ok) {
      problems.push(`${path}: invalid example accepted`);
    }
  }
}

for (const problem of problems) console.log(problem);
console.log(
  `${validators.size} of ${schemaFiles.length} schemas compiled, ${subjects} registry subjects, ` +
    `${examples} examples checked, ${problems.length} problems`,
);
process.exit(problems.length === 0 ? 0 : 1);
