import { ExportOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { download, errorMessage } from '../../api/client';

/** 导出 Excel: the whole list (as the current filters select it) as .xlsx. */
export function ExportButton({
  path,
  query,
  fileName,
  label = '导出 Excel',
}: {
  path: string;
  query?: Record<string, string | undefined>;
  fileName: string;
  label?: string;
}) {
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const onClick = async () => {
    setBusy(true);
    try {
      const name = await download(path, query, fileName);
      message.success(`已导出 ${name}`);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<ExportOutlined />} onClick={onClick} loading={busy}>
      {label}
    </Button>
  );
}
