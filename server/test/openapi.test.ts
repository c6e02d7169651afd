import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTypesPath, generateApiTypes } from '../src/openapi-sync';
import { buildTestApp, type TestApp } from './app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('the OpenAPI description', () => {
  it('is valid OpenAPI 3 and describes every /api/v1 route', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc));
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/users',
      '/api/v1/users/{id}/roles',
      '/api/v1/audit-events',
      '/api/v1/security-policy',
      '/api/v1/agencies',
    ]) {
      expect(paths).toContain(p);
    }
    expect(doc.paths['/api/v1/auth/login'].post.responses['4XX'] ?? doc.paths['/api/v1/auth/login'].post.responses['4xx']).toBeTruthy();
  });

  it("the web client's generated API types match the routes (STYLE.md §15: run `npm run sync:openapi` when this fails)", async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(readFileSync(apiTypesPath, 'utf8') === (await generateApiTypes(doc)), 'web/src/api/openapi.gen.ts is stale').toBe(true);
  });

  it('serves the browsable docs', async () => {
    const res = await t.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
