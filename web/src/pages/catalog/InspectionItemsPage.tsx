import { Flex, Form, Input } from 'antd';
import type { InspectionItemData } from '../../api/catalog';
import { Clamp, Lines } from '../../components/lists/cells';
import { CatalogPage, type KindConfig } from './components/CatalogPage';
import { basisText, cleanBases, LegalBasesField } from './components/LegalBasesField';

const text = (name: keyof InspectionItemData, label: string, placeholder?: string) => (
  <Form.Item
    name={name}
    label={label}
    rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}
    style={{ flex: '1 1 200px' }}
  >
    <Input placeholder={placeholder} count={{ max: 200 }} />
  </Form.Item>
);

const config: KindConfig<'inspection_items'> = {
  kind: 'inspection_items',
  noun: '抽查事项',
  description: '随机抽查事项清单：抽查主体、依据、对象、内容、比例、方式和频次。',
  columns: [
    { title: '编码', dataIndex: ['data', 'code'], width: 96, fixed: 'left' },
    { title: '抽查事项', dataIndex: ['data', 'name'], width: 128, render: (v: string) => <Clamp text={v} rows={2} /> },
    { title: '抽查对象', dataIndex: ['data', 'target'], width: 118, render: (v: string) => <Clamp text={v} rows={2} /> },
    { title: '比例', dataIndex: ['data', 'ratio'], width: 80, render: (v: string) => <Clamp text={v} rows={2} /> },
    { title: '方式', dataIndex: ['data', 'method'], width: 92, render: (v: string) => <Clamp text={v} rows={2} /> },
    { title: '频次', dataIndex: ['data', 'frequency'], width: 80, render: (v: string) => <Clamp text={v} rows={2} /> },
    {
      title: '依据',
      key: 'basis',
      width: 130,
      render: (_, e) => {
        const bases = e.data.basis.map(basisText);
        return <Clamp text={bases.join('；')} rows={2} title={<Lines items={bases} />} />;
      },
    },
  ],
  haystack: (d) => `${d.code} ${d.name} ${d.target} ${d.content}`,
  form: (
    <>
      <Flex gap={12} wrap>
        {text('code', '编码')}
        {text('name', '抽查事项')}
      </Flex>
      <Form.Item name="target" label="抽查对象" rules={[{ required: true, whitespace: true, message: '请填写抽查对象' }]}>
        <Input count={{ max: 500 }} />
      </Form.Item>
      <Form.Item name="content" label="抽查内容" rules={[{ required: true, whitespace: true, message: '请填写抽查内容' }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 2000 }} />
      </Form.Item>
      <Flex gap={12} wrap>
        {text('ratio', '抽查比例', '不低于 5%')}
        {text('method', '抽查方式', '双随机、现场检查')}
        {text('frequency', '抽查频次', '每年一次')}
      </Flex>
      <LegalBasesField name="basis" label="依据" />
    </>
  ),
  initial: { basis: [{ law: '', article: '' }] },
  toForm: (d) => ({ ...d }),
  fromForm: (v): InspectionItemData => ({
    code: String(v.code).trim(),
    name: String(v.name).trim(),
    target: String(v.target).trim(),
    content: String(v.content).trim(),
    ratio: String(v.ratio).trim(),
    method: String(v.method).trim(),
    frequency: String(v.frequency).trim(),
    basis: cleanBases(v.basis as InspectionItemData['basis']),
  }),
};

/** 随机抽查事项清单 (R-D04). */
export default function InspectionItemsPage() {
  return <CatalogPage config={config} />;
}
