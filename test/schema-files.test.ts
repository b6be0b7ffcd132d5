import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/paths.ts';
import { SCHEMA_FILES } from '../src/schema/files.ts';

describe('published JSON Schemas', () => {
  it.each(Object.keys(SCHEMA_FILES))('schemas/%s matches its definition (run npm run schemas)', (name) => {
    const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas', name), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(SCHEMA_FILES[name])));
  });
});
