#!/usr/bin/env node
// Validates Strimzi KafkaTopic resources (YAML) against the KafkaTopic v1
// CRD's schema with Ajv (draft-07), as Kubernetes would:
//
//   node .ci/validate-strimzi.mjs SCHEMA.json DIR
//
// Kubernetes prunes or rejects fields a structural schema does not list, so
// every object of the schema that lists `properties` is closed
// (`additionalProperties: false`) unless the CRD preserves unknown fields
// there (`spec.config`, marked `x-kubernetes-preserve-unknown-fields`).
// `metadata` is checked as Kubernetes checks it: a name, labels of strings.
// Prints one line per problem; exit 0 when all is well, 1 when something
// failed, 2 on bad usage.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import yaml from "js-yaml";

const [schemaPath, dir] = process.argv.slice(2);
if (!schemaPath || !dir) {
  console.error("usage: validate-strimzi.mjs SCHEMA.json DIR");
  process.exit(2);
}

const close = (node) => {
  if (Array.isArray(node)) return node.map(close);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("x-kubernetes-")) continue;
    out[key] = close(value);
  }
  if (node.properties && !node["x-kubernetes-preserve-unknown-fields"] && !("additionalProperties" in node)) {
    out.additionalProperties = false;
  }
  return out;
};

const schema = close(JSON.parse(readFileSync(schemaPath, "utf8")));
delete schema.$schema;
schema.required = [...new Set([...(schema.required ?? []), "apiVersion", "kind", "metadata", "spec"])];
schema.properties.apiVersion = { const: "kafka.strimzi.io/v1" };
schema.properties.kind = { const: "KafkaTopic" };
schema.properties.metadata = {
  type: "object",
  required: ["name", "labels"],
  additionalProperties: false,
  properties: {
    name: { type: "string", maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" },
    namespace: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
    labels: {
      type: "object",
      required: ["strimzi.io/cluster"],
      additionalProperties: { type: "string", maxLength: 63 },
    },
  },
};
const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(schema);

const problems = [];
let count = 0;
for (const name of readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort()) {
  count += 1;
  let document;
  try {
    document = yaml.load(readFileSync(join(dir, name), "utf8"));
  } catch (error) {
    problems.push(`${name}: not YAML: ${error.message}`);
    continue;
  }
  if (!validate(document)) {
    const what = validate.errors.map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`).join("; ");
    problems.push(`${name}: ${what}`);
  }
  if (document?.metadata?.name && `${document.metadata.name}.yaml` !== name) {
    problems.push(`${name}: metadata.name is ${document.metadata.name}`);
  }
}
for (const problem of problems) console.log(problem);
console.log(`${count} KafkaTopic resources, ${problems.length} problems`);
process.exit(problems.length === 0 && count > 0 ? 0 : 1);
