import { DetailedError, Upload } from 'tus-js-client';
import { API_BASE, currentCsrfToken } from './client';

/**
 * Resumable uploads by the tus 1.0 protocol (issue 9 §2; server: platform/blobs/uploads-routes.ts,
 * docs/api.md «断点续传上传»). The session cookie goes with every request (same origin) and the
 * CSRF token is set on each one, as the API client does. A file chosen again after a lost
 * connection or a closed tab resumes where the server stopped (tus-js-client's fingerprint of the
 * file in localStorage, then HEAD for the offset).
 */

export const UPLOAD_ENDPOINT = `${API_BASE}/uploads`;

/** Small enough that a phone on a weak network loses little when a request breaks. */
const chunkSize = 8 * 1024 * 1024;
/** Retries after a broken request, in ms: a phone walking out of coverage gets about a minute. */
const retryDelays = [0, 1000, 3000, 5000, 10000, 20000, 30000];

export interface UploadHandlers {
  onProgress(sent: number, total: number): void;
  /** the upload found on the server from an earlier attempt, and how many bytes it already holds */
  onResume(fromBytes: number): void;
  onSuccess(uploadId: string): void;
  onError(message: string): void;
}

export interface RunningUpload {
  /** stops sending; `resume()` continues from the server's offset */
  pause(): Promise<void>;
  resume(): void;
}

/** The upload's id: the last segment of the URL the server gave (Location). */
export function uploadIdOf(url: string): string {
  return decodeURIComponent(url.split('?')[0]?.split('/').filter(Boolean).pop() ?? '');
}

/** The server's Chinese message when it answered, a plain one when the network failed. */
export function uploadErrorMessage(error: Error | DetailedError): string {
  const res = error instanceof DetailedError ? error.originalResponse : null;
  if (res) {
    try {
      const body = JSON.parse(res.getBody()) as { message?: unknown };
      if (typeof body.message === 'string' && body.message) return body.message;
    } catch {
      // not our envelope (a proxy's page): fall back to the status
    }
    return `上传失败（HTTP ${res.getStatus()}），请稍后重试`;
  }
  return '网络中断，上传已暂停；恢复网络后点「继续」或重新选择同一文件即可从断点续传';
}

/** Retry broken connections and the server's temporary answers; a refusal (4xx) is final. */
function shouldRetry(error: DetailedError): boolean {
  const status = error.originalResponse?.getStatus() ?? 0;
  return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500;
}

export function startUpload(file: File, handlers: UploadHandlers): RunningUpload {
  const upload = new Upload(file, {
    endpoint: UPLOAD_ENDPOINT,
    chunkSize,
    retryDelays,
    metadata: { filename: file.name || '未命名文件', filetype: file.type || 'application/octet-stream' },
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onBeforeRequest(req) {
      const token = currentCsrfToken();
      if (token) req.setHeader('x-csrf-token', token);
      // the session is the cookie: XHR sends it on same-origin requests
    },
    onShouldRetry: (error) => shouldRetry(error),
    onProgress: (sent, total) => handlers.onProgress(sent, total),
    onSuccess: () => handlers.onSuccess(uploadIdOf(upload.url ?? '')),
    onError: (error) => handlers.onError(uploadErrorMessage(error)),
  });
  void upload
    .findPreviousUploads()
    .then(async (previous) => {
      const last = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
      if (last?.uploadUrl) {
        upload.resumeFromPreviousUpload(last);
        handlers.onResume(await offsetOf(last.uploadUrl));
      }
    })
    .catch(() => undefined)
    .finally(() => upload.start());
  return {
    pause: () => upload.abort(),
    resume: () => upload.start(),
  };
}

/** What the server already holds of an earlier upload (HEAD), for the 断点续传 notice; 0 when unknown. */
async function offsetOf(url: string): Promise<number> {
  try {
    const res = await fetch(url, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0' }, credentials: 'same-origin' });
    return res.ok ? Number(res.headers.get('upload-offset') ?? 0) : 0;
  } catch {
    return 0;
  }
}
