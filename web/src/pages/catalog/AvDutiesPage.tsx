import { Form, Input, Select, Tag } from 'antd';
import { type AvDutyData, avDutyLabels } from '../../api/catalog';
import { Clamp } from '../../components/lists/cells';
import { CatalogPage, type KindConfig } from './components/CatalogPage';

const dutyOptions = Object.entries(avDutyLabels).map(([value, label]) => ({ value, label }));
const dutyColors: Record<string, string> = { full_process: 'red', key_moments: 'orange', optional: 'default' };

const config: KindConfig<'av_duties'> = {
  kind: 'av_duties',
  noun: '记录事项',
  description: '音像记录事项清单：哪些执法环节须全过程音像记录、哪些记录关键环节、哪些根据需要记录。',
  columns: [
    { title: '编码', dataIndex: ['data', 'code'], width: 96, fixed: 'left' },
    { title: '执法环节', dataIndex: ['data', 'step'], width: 160, render: (v: string) => <Clamp text={v} rows={2} /> },
    {
      title: '记录要求',
      dataIndex: ['data', 'duty'],
      width: 120,
      render: (v: string) => <Tag color={dutyColors[v]}>{avDutyLabels[v] ?? v}</Tag>,
    },
    { title: '依据', dataIndex: ['data', 'basis'], width: 348, render: (v: string | null) => <Clamp text={v} rows={2} /> },
  ],
  jurisdictionWide: { portalPath: '/portal/av-duties' },
  haystack: (d) => `${d.code} ${d.step} ${d.basis ?? ''}`,
  filters: [{ name: 'duty', placeholder: '记录要求', options: dutyOptions, match: (d, v) => d.duty === v }],
  form: (
    <>
      <Form.Item name="code" label="编码" rules={[{ required: true, whitespace: true, message: '请填写编码' }]}>
        <Input count={{ max: 40 }} />
      </Form.Item>
      <Form.Item name="step" label="执法环节" rules={[{ required: true, whitespace: true, message: '请填写执法环节' }]}>
        <Input placeholder="查封扣押" count={{ max: 100 }} />
      </Form.Item>
      <Form.Item name="duty" label="记录要求" rules={[{ required: true, message: '请选择记录要求' }]}>
        <Select options={dutyOptions} />
      </Form.Item>
      <Form.Item name="basis" label="依据">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} count={{ max: 1000 }} />
      </Form.Item>
    </>
  ),
  initial: { duty: 'key_moments' },
  toForm: (d) => ({ ...d }),
  fromForm: (v): AvDutyData => ({
    code: String(v.code).trim(),
    step: String(v.step).trim(),
    duty: v.duty as AvDutyData['duty'],
    basis: typeof v.basis === 'string' && v.basis.trim() ? v.basis.trim() : null,
  }),
};

/** 音像记录事项清单 (R-C04). */
export default function AvDutiesPage() {
  return <CatalogPage config={config} />;
}
