import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Modal, Progress, Result, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { download, errorMessage, upload } from '../../api/client';
import { type ImportProblem, useJob } from '../../api/lists';

interface Props {
  open: boolean;
  onClose: () => void;
  /** e.g. 执法事项 */
  noun: string;
  /** GET path of the template (.xlsx with Chinese headers). */
  templatePath: string;
  /** POST path taking the .xlsx body; answers `{ jobId }`. */
  importPath: string;
  /** Query keys to refresh once the import has written its rows. */
  invalidate: readonly unknown[][];
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * 导入: download the template, upload the filled .xlsx, follow the job's progress; then either the
 * problems (行/列/值/原因 — nothing was written) or the number of rows written. All rows or none.
 */
export function ImportDialog({ open, onClose, noun, templatePath, importPath, invalidate }: Props) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const job = useJob(jobId);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [refreshed, setRefreshed] = useState<string | null>(null);

  const data = job.data;
  const running = uploading || (jobId !== null && (!data || data.status === 'running'));
  const failed = data?.status === 'failed';
  const succeeded = data?.status === 'succeeded';
  const problems: ImportProblem[] = data?.problems ?? [];
  const percent = data?.total ? Math.min(100, Math.round((data.done / data.total) * 100)) : running ? 0 : 100;

  if (succeeded && jobId && refreshed !== jobId) {
    setRefreshed(jobId);
    for (const key of invalidate) void queryClient.invalidateQueries({ queryKey: key });
  }

  const reset = () => {
    setJobId(null);
    setFileName(null);
    setUploadError(null);
  };

  const close = () => {
    reset();
    onClose();
  };

  const onFile = async (file: File) => {
    reset();
    setFileName(file.name);
    setUploading(true);
    try {
      const res = await upload<{ jobId: string }>(importPath, file);
      setJobId(res.jobId);
    } catch (error) {
      setUploadError(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };

  const onTemplate = () =>
    download(templatePath, undefined, `${noun}导入模板.xlsx`).catch((error: unknown) => message.error(errorMessage(error)));

  return (
    <Modal
      open={open}
      title={`导入${noun}`}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={
        <Flex justify="space-between">
          <Button icon={<DownloadOutlined />} onClick={onTemplate}>
            下载导入模板
          </Button>
          <Flex gap={8}>
            {(failed || uploadError) && <Button onClick={reset}>重新选择文件</Button>}
            <Button type={succeeded ? 'primary' : 'default'} onClick={close}>
              {succeeded ? '完成' : '关闭'}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        请使用导入模板填写（中文列名不要修改）。导入前逐行校验：任何一行有问题都不会写入，修正后重新导入即可。
      </Typography.Paragraph>
      {jobId === null && !uploading && !uploadError && (
        <Upload.Dragger
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void onFile(file);
            return false;
          }}
          data-testid="import-upload"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入 .xlsx 文件</p>
          <p className="ant-upload-hint">单个文件，Excel 2007 及以上格式</p>
        </Upload.Dragger>
      )}
      {(running || data) && (
        <div data-testid="import-progress" style={{ margin: '8px 0 16px' }}>
          <Typography.Text>{fileName}</Typography.Text>
          <Progress
            percent={percent}
            status={failed ? 'exception' : succeeded ? 'success' : 'active'}
            format={() => (data?.total ? `${data.done} / ${data.total} 行` : running ? '校验中' : '')}
          />
        </div>
      )}
      {uploadError && <Alert type="error" showIcon title="文件未能导入" description={uploadError} />}
      {job.isError && <Alert type="error" showIcon title="无法获取导入进度" description={errorMessage(job.error)} />}
      {failed && (
        <div data-testid="import-problems">
          <Alert
            type="error"
            showIcon
            title={`发现 ${data?.problemCount ?? problems.length} 处问题，没有写入任何数据`}
            description={data?.error?.message ?? '请按下表修改文件后重新导入。'}
            style={{ marginBottom: 12 }}
          />
          <Table<ImportProblem & { key: number }>
            size="small"
            rowKey="key"
            dataSource={problems.map((p, i) => ({ ...p, key: i }))}
            pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            columns={[
              { title: '行', dataIndex: 'row', width: 64, render: (v: number | undefined) => v ?? '—' },
              { title: '列', dataIndex: 'column', width: 140, render: (v: string | undefined) => v ?? '—' },
              { title: '值', dataIndex: 'value', width: 160, ellipsis: true, render: (v: unknown) => cell(v) },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        </div>
      )}
      {succeeded && (
        <Result
          status="success"
          title={`导入成功：已写入 ${data?.result?.written ?? data?.result?.rows ?? data?.done ?? 0} 条${noun}`}
          subTitle="新版本需提交司法局确认后才会在公示平台更新。"
          data-testid="import-success"
        />
      )}
    </Modal>
  );
}
