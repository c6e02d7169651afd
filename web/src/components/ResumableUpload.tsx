import { CloudUploadOutlined, PauseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Typography, Upload, type UploadProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { type RunningUpload, startUpload } from '../api/uploads';

export interface ResumableUploadProps {
  /** file types the picker offers, as the input's accept (e.g. image/*) */
  accept?: string;
  /** on phones: open the camera ('environment') or the front camera / microphone ('user') directly */
  capture?: 'environment' | 'user';
  /** largest file accepted, in bytes (the server's UPLOAD_MAX_BYTES refuses more anyway) */
  maxSize?: number;
  disabled?: boolean;
  /** the button's text */
  label?: string;
  /** the upload is complete on the server: its id is what a case action claims */
  onDone(uploadId: string, file: File): void;
}

type Phase = 'idle' | 'uploading' | 'paused' | 'done' | 'error';

interface State {
  phase: Phase;
  name: string;
  sent: number;
  total: number;
  /** bytes per second over the last few seconds */
  speed: number;
  resumedFrom: number | null;
  error: string | null;
}

const initial: State = { phase: 'idle', name: '', sent: 0, total: 0, speed: 0, resumedFrom: null, error: null };

/** 1.5 MB, 320 KB: sizes and speeds as people read them (decimal units, as phones show them). */
export function formatSize(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} KB`;
  return `${n} B`;
}

/**
 * A file sent to the server by tus (issue 9 §2 and §9): antd's Upload picks the file (on a phone it
 * can open the camera or recorder), tus-js-client sends it in chunks with retries, a progress bar
 * shows percent and speed, and an interrupted upload continues where it stopped (断点续传) — after
 * a lost connection by itself, after a closed page when the same file is chosen again.
 */
export function ResumableUpload({ accept, capture, maxSize, disabled, label = '选择文件并上传', onDone }: ResumableUploadProps) {
  const [state, setState] = useState<State>(initial);
  const running = useRef<RunningUpload | null>(null);
  const samples = useRef<Array<{ at: number; sent: number }>>([]);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => () => void running.current?.pause(), []);

  const customRequest: UploadProps['customRequest'] = ({ file }) => {
    const f = file as File;
    if (maxSize !== undefined && f.size > maxSize) {
      setState({ ...initial, phase: 'error', name: f.name, error: `文件过大（${formatSize(f.size)}），上限为 ${formatSize(maxSize)}` });
      return;
    }
    void running.current?.pause();
    samples.current = [];
    setState({ ...initial, phase: 'uploading', name: f.name, total: f.size });
    running.current = startUpload(f, {
      onProgress(sent, total) {
        const now = performance.now();
        const s = samples.current;
        s.push({ at: now, sent });
        while (s.length > 2 && now - (s[0]?.at ?? now) > 5000) s.shift();
        const first = s[0];
        const speed = first && now > first.at ? ((sent - first.sent) * 1000) / (now - first.at) : 0;
        setState((st) => ({
          ...st,
          phase: st.phase === 'paused' ? 'paused' : 'uploading',
          sent,
          total,
          speed: Math.max(0, speed),
          error: null,
        }));
      },
      onResume(fromBytes) {
        setState((st) => ({ ...st, resumedFrom: fromBytes, sent: fromBytes }));
      },
      onSuccess(uploadId) {
        running.current = null;
        setState((st) => ({ ...st, phase: 'done', sent: st.total, speed: 0 }));
        done.current(uploadId, f);
      },
      onError(message) {
        setState((st) => ({ ...st, phase: 'error', speed: 0, error: message }));
      },
    });
    return { abort: () => void running.current?.pause() };
  };

  const pause = () => {
    void running.current?.pause();
    samples.current = [];
    setState((st) => ({ ...st, phase: 'paused', speed: 0 }));
  };
  const resume = () => {
    samples.current = [];
    setState((st) => ({ ...st, phase: 'uploading', error: null }));
    running.current?.resume();
  };

  const percent = state.total > 0 ? Math.floor((state.sent / state.total) * 100) : 0;
  const busy = state.phase === 'uploading' || state.phase === 'paused';
  return (
    <div data-testid="resumable-upload">
      <Upload
        accept={accept}
        capture={capture}
        showUploadList={false}
        customRequest={customRequest}
        disabled={disabled || busy}
        multiple={false}
      >
        <Button icon={<CloudUploadOutlined />} disabled={disabled || busy} size="large" block>
          {label}
        </Button>
      </Upload>
      {state.phase !== 'idle' && (
        <div style={{ marginTop: 8 }} aria-live="polite">
          <Typography.Text ellipsis style={{ display: 'block' }}>
            {state.name}
          </Typography.Text>
          <Progress
            percent={state.phase === 'done' ? 100 : percent}
            status={state.phase === 'error' ? 'exception' : state.phase === 'done' ? 'success' : 'active'}
            aria-label="上传进度"
          />
          <Space wrap size="small" style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Text type="secondary">
              {state.phase === 'done'
                ? `上传完成，共 ${formatSize(state.total)}`
                : `已传 ${formatSize(state.sent)} / ${formatSize(state.total)}${state.phase === 'uploading' && state.speed > 0 ? ` · ${formatSize(state.speed)}/s` : ''}${state.phase === 'paused' ? ' · 已暂停' : ''}`}
            </Typography.Text>
            {state.phase === 'uploading' && (
              <Button size="small" icon={<PauseOutlined />} onClick={pause}>
                暂停
              </Button>
            )}
            {(state.phase === 'paused' || (state.phase === 'error' && running.current)) && (
              <Button size="small" type="primary" icon={<ReloadOutlined />} onClick={resume}>
                继续
              </Button>
            )}
          </Space>
          {state.resumedFrom !== null && state.resumedFrom > 0 && state.phase !== 'done' && (
            <Typography.Text type="success" style={{ display: 'block' }}>
              断点续传：服务器已有 {formatSize(state.resumedFrom)}，从断点继续上传
            </Typography.Text>
          )}
          {state.error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={state.error} />}
        </div>
      )}
    </div>
  );
}
