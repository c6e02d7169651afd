import { Form, Input, Select, Tag } from 'antd';
import { type ThreeListData, threeListLabels } from '../../api/catalog';
import { Clamp, Lines } from '../../components/lists/cells';
import { CatalogPage, type KindConfig } from './components/CatalogPage';
import { basisText, cleanBases, LegalBasesField } from './components/LegalBasesField';

const listOptions = Object.entries(threeListLabels).map(([value, label]) => ({ value, label }));
const listColors: Record<string, string> = { no_penalty: 'green', lighter_penalty: 'blue', mitigated_penalty: 'purple' };

const config: KindConfig<'three_lists'> = {
  kind: 'three_lists',
  noun: '清单事项',
  description: '不予处罚、从轻处罚、减轻处罚事项清单：适用的违法行为、依据、条件和措施。',
  columns: [
    { title: '编码', dataIndex: ['data', 'code'], width: 96, fixed: 'left' },
    {
      title: '清单',
      dataIndex: ['data', 'list'],
      width: 92,
      render: (v: string) => <Tag color={listColors[v]}>{threeListLabels[v] ?? v}</Tag>,
    },
    { title: '违法行为', dataIndex: ['data', 'violation'], width: 140, render: (v: string) => <Clamp text={v} rows={3} /> },
    { title: '适用条件', dataIndex: ['data', 'conditions'], width: 170, render: (v: string) => <Clamp text={v} rows={3} /> },
    { title: '措施', dataIndex: ['data', 'measure'], width: 90, render: (v: string | null) => <Clamp text={v} rows={3} /> },
    {
      title: '依据',
      key: 'basis',
      width: 136,
      render: (_, e) => {
        const bases = e.data.legalBasis.map(basisText);
        return <Clamp text={bases.join('；')} rows={2} title={<Lines items={bases} />} />;
      },
    },
  ],
  haystack: (d) => `${d.code} ${d.violation} ${d.conditions}`,
  filters: [{ name: 'list', placeholder: '清单', options: listOptions, match: (d, v) => d.list === v }],
  form: (
    <>
      <Form.Item name="code" label="编码" rules={[{ required: true, whitespace: true, message: '请填写编码' }]}>
        <Input count={{ max: 40 }} />
      </Form.Item>
      <Form.Item name="list" label="清单" rules={[{ required: true, message: '请选择清单' }]}>
        <Select options={listOptions} />
      </Form.Item>
      <Form.Item name="violation" label="违法行为" rules={[{ required: true, whitespace: true, message: '请填写违法行为' }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} count={{ max: 500 }} />
      </Form.Item>
      <Form.Item name="conditions" label="适用条件" rules={[{ required: true, whitespace: true, message: '请填写适用条件' }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 2000 }} />
      </Form.Item>
      <Form.Item name="measure" label="措施">
        <Input placeholder="责令改正、批评教育" count={{ max: 500 }} />
      </Form.Item>
      <LegalBasesField name="legalBasis" label="依据" />
    </>
  ),
  initial: { list: 'no_penalty', legalBasis: [{ law: '', article: '' }] },
  toForm: (d) => ({ ...d }),
  fromForm: (v): ThreeListData => ({
    code: String(v.code).trim(),
    list: v.list as ThreeListData['list'],
    violation: String(v.violation).trim(),
    conditions: String(v.conditions).trim(),
    measure: typeof v.measure === 'string' && v.measure.trim() ? v.measure.trim() : null,
    legalBasis: cleanBases(v.legalBasis as ThreeListData['legalBasis']),
  }),
};

/** 不予 / 从轻 / 减轻处罚清单 (R-D07). */
export default function ThreeListsPage() {
  return <CatalogPage config={config} />;
}
