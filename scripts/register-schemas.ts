/**
 * Writes the JSON Schema files of "register connector v1" (schemas/register-connector-v1/)
 * from the zod schemas that validate the register's answers (src/register/wire-v1.ts);
 * test/register/connector-format.test.ts fails when the committed files differ.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { jsonSchemas } from "../src/register/wire-v1.ts";

const dir = new URL("../schemas/register-connector-v1/", import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(new URL(`${name}.schema.json`, dir), `${JSON.stringify(schema, null, 2)}\n`);
}
