import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { openApiDocument } from '@app/http';

import { startTestApp, TestApp } from './support/test-app';

const COMMITTED = resolve(__dirname, '../openapi.json');

/**
 * The OpenAPI document is a committed contract, so reviews show its diff.
 * `npm run openapi` rewrites it; this test fails while it is stale.
 */
describe('the committed OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('openapi');
  });

  afterAll(() => t?.close());

  it('matches the routes the API serves', () => {
    const current = `${JSON.stringify(openApiDocument(t.app), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI) writeFileSync(COMMITTED, current);

    expect(readFileSync(COMMITTED, 'utf8')).toBe(current);
  });
});
