import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTypesPath, generateApiTypes } from '../src/openapi-sync';
import { enforceApiContract } from '../src/platform/http/api-contract';
import { ErrorBody } from '../src/platform/http/schemas';
import { buildTestApp, type TestApp } from './app';

// the description is the same whatever the store holds: the app on the empty migrated store
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({}, { demo: false });
});
afterAll(() => t.close());

describe('the OpenAPI description', () => {
  // that it describes every registered /api/v1 route is checked against the routes themselves: openapi-routes.test.ts
  it('is valid OpenAPI 3', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc));
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

// R-S10: other systems generate clients from the document, so every operation is named, described,
// tagged and lists its errors; app.ts refuses to start otherwise (platform/http/api-contract.ts)
describe('the API contract', () => {
  it('every operation has a unique camelCase operationId, a summary, a description, declared tags and its error responses', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const declared = new Set((doc.tags as { name: string; description: string }[]).map((tag) => tag.name));
    const ids = new Map<string, string>();
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [method, op] of Object.entries(methods)) {
        operations++;
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][a-zA-Z0-9]+$/);
        expect(ids.get(op.operationId as string), `${where} reuses an operationId`).toBeUndefined();
        ids.set(op.operationId as string, where);
        expect(String(op.summary ?? '').trim(), where).not.toBe('');
        expect(String(op.description ?? '').trim(), where).not.toBe('');
        expect((op.tags as string[]).length, where).toBeGreaterThan(0);
        for (const tag of op.tags as string[]) expect(declared.has(tag), `${where}: tag ${tag}`).toBe(true);
        const responses = op.responses as Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
        const secured = !(Array.isArray(op.security) && op.security.length === 0);
        for (const status of ['400', '5XX', ...(secured ? ['401', '403'] : [])])
          expect(responses[status]?.content?.['application/json']?.schema?.$ref, `${where} ${status}`).toBe(
            '#/components/schemas/ErrorBody',
          );
      }
    }
    expect(operations).toBeGreaterThanOrEqual(137);
  });

  it('an error body keeps its details through the documented error responses', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().details).length).toBeGreaterThan(0);
  });

  it('refuses to start with an undocumented route or a duplicate operationId', async () => {
    const build = async (routes: { url: string; schema: Record<string, unknown> }[]) => {
      const app = Fastify();
      app.addSchema(ErrorBody);
      enforceApiContract(app);
      for (const r of routes) app.get(r.url, { schema: { ...r.schema, response: { 200: { type: 'object' } } } }, () => ({}));
      await app.ready();
      await app.close();
    };
    const ok = { tags: ['后台任务'], summary: '一', description: '一。' };
    await expect(build([{ url: '/api/v1/a', schema: { ...ok, operationId: 'getA' } }])).resolves.toBeUndefined();
    await expect(build([{ url: '/api/v1/a', schema: ok }])).rejects.toThrow(/operationId/);
    await expect(build([{ url: '/api/v1/a', schema: { ...ok, operationId: 'getA', description: '' } }])).rejects.toThrow(/description/);
    await expect(build([{ url: '/api/v1/a', schema: { ...ok, operationId: 'getA', tags: ['未声明'] } }])).rejects.toThrow(/未声明|apiTags/);
    await expect(build([{ url: '/api/v1/a', schema: { ...ok, operationId: 'getA', hide: true } }])).rejects.toThrow(/隐藏/);
    await expect(
      build([
        { url: '/api/v1/a', schema: { ...ok, operationId: 'getA' } },
        { url: '/api/v1/b', schema: { ...ok, operationId: 'getA' } },
      ]),
    ).rejects.toThrow(/重复/);
  });
});
