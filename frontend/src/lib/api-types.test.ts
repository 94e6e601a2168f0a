import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The checked-in types must be exactly what `npm run gen:types` makes from
// the checked-in schema (`make schema` refreshes both). A backend change that
// is not carried over to the front end fails here.
describe('generated API types', () => {
  it('are up to date with frontend/openapi.json', () => {
    const root = resolve(__dirname, '../..');
    const dir = mkdtempSync(join(tmpdir(), 'api-types-'));
    try {
      const out = join(dir, 'api-types.ts');
      execFileSync(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, 'openapi.json'), '--output', out], {
        stdio: 'pipe',
      });
      const fresh = readFileSync(out, 'utf8');
      const committed = readFileSync(join(root, 'src/lib/api-types.ts'), 'utf8');
      expect(committed === fresh, 'src/lib/api-types.ts is stale: run `make schema` (or `npm run gen:types`)').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
