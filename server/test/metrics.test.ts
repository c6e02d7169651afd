import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, expectError, type TestApp } from './app';

// Issue 10 §6: Prometheus-style /metrics with request, job and journal figures, for the host itself
// or whoever holds METRICS_TOKEN.
const token = 'metrics-secret-for-tests';
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ METRICS_TOKEN: token }, { demo: false });
});
afterAll(() => t?.close());

const scrape = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  t.app.inject({ url: '/metrics', headers, remoteAddress });

/** The value of one series in the text format, e.g. `sanxiang_jobs{status="running"}`. */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('counts requests by method, route pattern and status, and shows jobs and the journal', async () => {
    const before = (await scrape()).body;
    const healthz = 'sanxiang_http_requests_total{method="GET",route="/healthz",status="200"}';
    const base = seriesValue(before, healthz) ?? 0;
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/nowhere-42?x=1' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } })).statusCode,
    ).toBe(401);

    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(seriesValue(text, healthz)).toBe(base + 3);
    expect(seriesValue(text, 'sanxiang_http_requests_total{method="GET",route="/api/v1/auth/me",status="401"}')).toBe(1);
    // a URL no route matched is one series, never the raw path
    expect(seriesValue(text, 'sanxiang_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).not.toContain('nowhere-42');
    expect(seriesValue(text, 'sanxiang_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}')).toBe(base + 3);
    expect(text).toContain('sanxiang_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz",status="200"}');
    // the process's own figures (prom-client's default metrics)
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    // jobs by status and running, from the job table every process shares
    expect(seriesValue(text, 'sanxiang_jobs{status="running"}')).toBe(0);
    expect(seriesValue(text, 'sanxiang_jobs{status="failed"}')).toBe(0);
    expect(seriesValue(text, 'sanxiang_jobs_running')).toBe(0);
    // the journal: the failed login above is in it
    expect(seriesValue(text, 'sanxiang_journal_tree_size')).toBe(await t.journalCount());
    expect(seriesValue(text, 'sanxiang_journal_checkpoint_tree_size')).toBeGreaterThanOrEqual(0);
    expect(seriesValue(text, 'sanxiang_journal_checkpoint_age_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('answers another address only with METRICS_TOKEN, and a forwarded request is not the host itself', async () => {
    const refused = expectError(await scrape({}, '203.0.113.9'), 403, 'FORBIDDEN');
    expect(refused.message).toMatch(/METRICS_TOKEN/);
    expectError(await scrape({ authorization: 'Bearer wrong' }, '203.0.113.9'), 403, 'FORBIDDEN');
    // nginx on the same host connects from 127.0.0.1 for every outside client
    expectError(await scrape({ 'x-forwarded-for': '198.51.100.3' }), 403, 'FORBIDDEN');
    expect((await scrape({ authorization: `Bearer ${token}` }, '203.0.113.9')).statusCode).toBe(200);
    expect((await scrape({ authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.3' })).statusCode).toBe(200);
    expect((await scrape({}, '::1')).statusCode).toBe(200);
  });

  it('is not in the OpenAPI document', async () => {
    const doc = t.app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});
