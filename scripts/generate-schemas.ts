/**
 * Writes the JSON Schemas in schemas/ from their TypeScript definitions, for editors
 * (yaml-language-server) and other tools. A test fails when the committed files drift.
 *   npm run schemas
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/paths.ts';
import { SCHEMA_FILES } from '../src/schema/files.ts';

for (const [name, schema] of Object.entries(SCHEMA_FILES)) {
  const file = path.join(REPO_ROOT, 'schemas', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(REPO_ROOT, file)}\n`);
}
