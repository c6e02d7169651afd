import { spawn } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app';
import { loadDemo } from '../server/src/demo/load';
import { addEvidenceFromBlob, exportCaseFile, verifyCaseFile } from '../server/src/modules/cases';
import type { Actor } from '../server/src/platform/auth';
import { createFsBlobStore } from '../server/src/platform/blobs';
import { shanghaiDate, systemClock } from '../server/src/platform/clock';
import { loadConfig } from '../server/src/platform/config';
import type { AppContext } from '../server/src/platform/context';
import { createJournal } from '../server/src/platform/journal/append';
import { type BenchEngine, withStore } from './store';

const MiB = 1024 * 1024;
const bin = new URL('../server/bin/sanxiang.mjs', import.meta.url).pathname;

/**
 * `npm run bench -- case-file [--files 50] [--total-mib 1024] [--engine pglite|postgres|both]`
 *
 * Issue 9 acceptance: the case file of a case with 50 files totalling 1 GB is exported and verified,
 * with time, throughput and peak memory. Setup (not measured): the demo's accounts; an inspection
 * case opened, inspected and closed through the HTTP API; 50 evidence items and AV records whose
 * bytes (AES-256-CTR pseudo-random, incompressible like media) are streamed into the fs blob store;
 * the case archived. Measured:
 *  - export: `exportCaseFile` (what the download route and `case-file export` run) piped to a file,
 *    in this process, VmRSS sampled every 50 ms from /proc/self/status;
 *  - verify: `verifyCaseFile` in this process (sampled the same way), then the command
 *    `sanxiang case-file verify` in its own process (offline, as a reader runs it; its time includes
 *    loading the CLI), VmRSS sampled from /proc/<pid>/status and VmHWM read at the end.
 * It prints; it asserts nothing.
 */
export async function benchCaseFile(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      files: { type: 'string', default: '50' },
      'total-mib': { type: 'string', default: '1024' },
      engine: { type: 'string', default: 'pglite' },
    },
  });
  const files = Number(values.files);
  const total = Number(values['total-mib']) * MiB;
  const engines: BenchEngine[] = values.engine === 'both' ? ['pglite', 'postgres'] : [values.engine as BenchEngine];
  for (const engine of engines) {
    await withStore(engine, async (store, dataDir) => {
      const config = { ...loadConfig({ LOG_LEVEL: 'warn', DEMO_CASES: 'off' }), dataDir };
      const ctx: AppContext = {
        store,
        db: store.db,
        config,
        clock: systemClock,
        journal: createJournal('sha256', systemClock, { serialised: store.engine === 'pglite' }),
        blobs: createFsBlobStore(join(dataDir, 'blobs'), 'sha256'),
      };
      console.log(
        `\n[${engine}] case file of ${files} files, ${fmt(total)}; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs`,
      );
      let t = performance.now();
      await loadDemo(ctx, 'sanxiang-demo');
      const app = await buildApp(ctx, { logger: false });
      await app.ready();
      try {
        const caseId = await closedCaseWithFiles(ctx, app, files, total);
        console.log(`  setup: demo, case, ${files} blobs stored and recorded, closed     ${secs(performance.now() - t)}`);
        t = performance.now();
        const token = await login(app, 'officer');
        const archived = await app.inject({
          method: 'POST',
          url: `/api/v1/cases/${caseId}/archive`,
          headers: { authorization: `Bearer ${token}` },
        });
        if (archived.statusCode !== 200) throw new Error(`archive: ${archived.statusCode} ${archived.body}`);
        console.log(`  archive (catalogue of ${archived.json().files}, manifest, journal entry)   ${secs(performance.now() - t)}`);

        const out = join(dataDir, 'case-file.zip');
        const before = memory('self');
        let peak = before.rss;
        const sampler = setInterval(() => {
          peak = Math.max(peak, memory('self').rss);
        }, 50);
        t = performance.now();
        const file = await exportCaseFile(ctx, null, caseId);
        await pipeline(file.stream, createWriteStream(out));
        const exportMs = performance.now() - t;
        clearInterval(sampler);
        const size = statSync(out).size;
        console.log(
          `  export: ${fmt(size)} (${file.files} files, ${file.entries} journal entries) in ${secs(exportMs)}, ${mbps(size, exportMs)}; ` +
            `this process VmRSS ${fmt(before.rss)} before, peak ${fmt(peak)} (+${fmt(peak - before.rss)})`,
        );
        const before2 = memory('self');
        peak = before2.rss;
        const sampler2 = setInterval(() => {
          peak = Math.max(peak, memory('self').rss);
        }, 50);
        t = performance.now();
        const r = await verifyCaseFile(out);
        const verifyMs = performance.now() - t;
        clearInterval(sampler2);
        console.log(
          `  verify (verifyCaseFile, this process): ${r.ok ? 'intact' : `PROBLEM ${r.problems[0]?.where}`} in ${secs(verifyMs)}, ${mbps(size, verifyMs)}; ` +
            `VmRSS ${fmt(before2.rss)} before, peak ${fmt(peak)} (+${fmt(peak - before2.rss)})`,
        );
        const v = await verifyInChild(out);
        console.log(
          `  verify (sanxiang case-file verify, own process, incl. start-up): exit ${v.code} in ${secs(v.ms)}, ${mbps(size, v.ms)}; peak VmRSS ${fmt(v.peak)}, VmHWM ${fmt(v.hwm)}`,
        );
        console.log(`    ${v.lastLine}`);
      } finally {
        await app.close();
      }
    });
  }
}

async function login(app: Awaited<ReturnType<typeof buildApp>>, username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'sanxiang-demo' } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return res.json().token as string;
}

/** An inspection of the demo market agency, inspected, with `n` files of `total` bytes, closed. */
async function closedCaseWithFiles(ctx: AppContext, app: Awaited<ReturnType<typeof buildApp>>, n: number, total: number) {
  const token = await login(app, 'officer');
  const auth = { authorization: `Bearer ${token}` };
  const { rows: users } = await sql<{
    id: string;
    display_name: string;
    agency_id: string;
    jurisdiction_code: string;
  }>`select id, display_name, agency_id, jurisdiction_code from user_account where username = 'officer'`.execute(ctx.db);
  const user = users[0] as (typeof users)[number];
  // the demo officer and a colleague certified in the same domain (行政处罚法 第四十二条: two officers)
  const { rows: officers } = await sql<{ id: string; user_id: string | null; domains: string[] | string }>`
    select id, user_id, domains from officer where agency_id = ${user.agency_id} and status = 'green'`.execute(ctx.db);
  const domainsOf = (o: { domains: string[] | string }) =>
    typeof o.domains === 'string' ? (JSON.parse(o.domains) as string[]) : o.domains;
  const me = officers.find((o) => o.user_id === user.id);
  if (!me) throw new Error('the demo officer has no officer record');
  const other = officers.find((o) => o.id !== me.id && domainsOf(o).some((d) => domainsOf(me).includes(d)));
  if (!other) throw new Error('no colleague of the demo officer shares a domain');
  const domain = domainsOf(me).find((d) => domainsOf(other).includes(d)) as string;
  const today = shanghaiDate(ctx.clock.now());
  const call = async (url: string, payload: unknown) => {
    const res = await app.inject({ method: 'POST', url, headers: auth, payload: payload as Record<string, unknown> });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const opened = await call('/api/v1/cases', {
    procedure: 'inspection',
    title: '案卷基准：仓库检查',
    domain,
    officerIds: [other.id],
    parties: [{ kind: 'organisation', name: '示范区基准商贸有限公司' }],
    open: { reason: 'plan', target: '示范区基准商贸有限公司仓库', scheduledOn: today },
  });
  const caseId = opened.id as string;
  await call(`/api/v1/cases/${caseId}/actions/record_inspection`, {
    on: today,
    place: '示范路1号仓库',
    officersPresent: [me.id, other.id],
    certificatesShown: true,
    recordMade: true,
    findings: '未发现问题',
    result: 'compliant',
  });
  const actor: Actor = {
    userId: user.id,
    username: 'officer',
    displayName: user.display_name,
    roles: ['officer'],
    agencyId: user.agency_id,
    jurisdictionCode: user.jurisdiction_code,
    clientIp: null,
    sessionId: 'bench',
  };
  const kinds = [
    { mime: 'video/mp4', ext: 'mp4', category: 'av_record', kind: '视听资料' },
    { mime: 'image/jpeg', ext: 'jpg', category: 'evidence', kind: '书证' },
    { mime: 'audio/mpeg', ext: 'mp3', category: 'av_record', kind: '视听资料' },
  ] as const;
  for (let i = 0; i < n; i++) {
    const size = Math.floor(total / n) + (i === n - 1 ? total % n : 0);
    const k = kinds[i % kinds.length] as (typeof kinds)[number];
    const info = await ctx.blobs.put(Readable.from(pseudoRandom(size, i)));
    await addEvidenceFromBlob(
      ctx,
      actor,
      caseId,
      {
        category: k.category,
        kind: k.kind,
        title: `基准文件${i + 1}`,
        capturedAt: new Date(ctx.clock.now().getTime() - 60_000).toISOString(),
        place: '示范路1号仓库',
        collectorIds: [me.id],
        proves: '现场状况',
      },
      { hash: info.hash, size: info.size, mimeType: k.mime, filename: `file${i + 1}.${k.ext}` },
    );
  }
  await call(`/api/v1/cases/${caseId}/actions/close`, { summary: '检查完毕' });
  return caseId;
}

/** `size` incompressible bytes (AES-256-CTR of zeros, key by file), 8 MiB at a time. */
function* pseudoRandom(size: number, seed: number): Generator<Buffer> {
  const cipher = createCipheriv('aes-256-ctr', Buffer.alloc(32, seed + 1), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(8 * MiB);
  for (let done = 0; done < size; ) {
    const k = Math.min(zeros.length, size - done);
    yield cipher.update(zeros.subarray(0, k));
    done += k;
  }
}

function verifyInChild(path: string): Promise<{ code: number; ms: number; peak: number; hwm: number; lastLine: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const proc = spawn(process.execPath, [bin, 'case-file', 'verify', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
    });
    proc.stderr.on('data', (d) => {
      out += d;
    });
    let peak = 0;
    let hwm = 0;
    const sample = () => {
      try {
        const m = memory(String(proc.pid));
        peak = Math.max(peak, m.rss);
        hwm = Math.max(hwm, m.hwm);
      } catch {}
    };
    const sampler = setInterval(sample, 50);
    proc.on('error', reject);
    proc.on('exit', (code) => {
      clearInterval(sampler);
      const lines = out.trim().split('\n');
      resolve({ code: code ?? -1, ms: performance.now() - t, peak, hwm, lastLine: lines.at(-1) ?? '' });
    });
  });
}

/** VmRSS and VmHWM of a process (or 'self'), in bytes (Linux). */
function memory(pid: string): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const fmt = (b: number) => (b >= 1024 * MiB ? `${(b / 1024 / MiB).toFixed(2)} GiB` : `${(b / MiB).toFixed(1)} MiB`);
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mbps = (bytes: number, ms: number) => `${(bytes / MiB / (ms / 1000)).toFixed(1)} MiB/s`;
