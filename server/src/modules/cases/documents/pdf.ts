/**
 * PDF from the same .docx (ADR 0010): LibreOffice headless (`soffice --convert-to pdf`), one
 * conversion at a time (a second soffice on the same profile fails), each with its own timeout (120 s: the first conversion also makes soffice's profile, slow on a loaded machine).
 * The profile lives in its own directory so the server never touches a user's LibreOffice.
 * When soffice is absent the caller answers 503 PDF_UNAVAILABLE; the .docx stays downloadable.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../platform/errors';

const candidates = [
  '/usr/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
];

/** The soffice binary: SOFFICE when set (empty = none), else the usual places. */
export function sofficePath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.SOFFICE !== undefined) return env.SOFFICE && existsSync(env.SOFFICE) ? env.SOFFICE : null;
  return candidates.find((c) => existsSync(c)) ?? null;
}

export const pdfUnavailable = () =>
  new AppError('PDF_UNAVAILABLE', '服务器未安装 LibreOffice（libreoffice-writer-nogui），无法生成 PDF；可下载 .docx', {});

let queue: Promise<unknown> = Promise.resolve();
const profile = join(tmpdir(), `sanxiang-soffice-${process.pid}`);

async function convertOnce(soffice: string, docx: Buffer, timeoutMs: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'sanxiang-pdf-'));
  try {
    const input = join(dir, 'document.docx');
    await writeFile(input, docx);
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=${pathToFileURL(profile).href}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          input,
        ],
        { timeout: timeoutMs, killSignal: 'SIGKILL' },
        (err) => (err ? reject(err) : resolve()),
      );
    });
    return await readFile(join(dir, 'document.pdf'));
  } catch (e) {
    // the server's own trouble (a timeout on a loaded machine, a crashed soffice): 503, the .docx stays available
    const timedOut = (e as { killed?: boolean }).killed === true;
    throw new AppError('PDF_UNAVAILABLE', timedOut ? 'PDF 转换超时，请稍后重试；可下载 .docx' : 'PDF 转换失败，请稍后重试；可下载 .docx', {
      reason: (e as Error).message.slice(0, 300),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Converts a .docx to PDF, queued behind any conversion already running. */
export function docxToPdf(docx: Buffer, timeoutMs = 120_000): Promise<Buffer> {
  const soffice = sofficePath();
  if (!soffice) return Promise.reject(pdfUnavailable());
  const run = queue.then(() => convertOnce(soffice, docx, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}
