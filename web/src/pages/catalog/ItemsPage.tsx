import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Flex, Form, Input, Select, Tag, Typography } from 'antd';
import { actCategoryLabels, type FlowStep, type ItemData, type ServiceGuide, serviceGuideFields } from '../../api/catalog';
import { Clamp, Lines } from '../../components/lists/cells';
import { CatalogPage, type KindConfig } from './components/CatalogPage';
import { FlowDiagram, FlowLegend } from './components/FlowDiagram';
import { basisText, cleanBases, LegalBasesField } from './components/LegalBasesField';

const categoryOptions = Object.entries(actCategoryLabels).map(([value, label]) => ({ value, label }));
const blank = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

function FlowStepsField() {
  return (
    <Form.List name="flowchart">
      {(fields, { add, remove, move }) => (
        <Flex vertical gap={8}>
          {fields.map((field, index) => (
            <Flex key={field.key} gap={8} align="flex-start" wrap>
              <Typography.Text style={{ width: 24, paddingTop: 5 }}>{index + 1}.</Typography.Text>
              <Form.Item
                name={[field.name, 'step']}
                rules={[{ required: true, whitespace: true, message: '请填写环节名称' }]}
                style={{ flex: '1 1 140px', marginBottom: 0 }}
              >
                <Input placeholder="环节，如 受理" count={{ max: 100 }} aria-label={`第 ${index + 1} 步环节`} />
              </Form.Item>
              <Form.Item name={[field.name, 'timeLimit']} style={{ flex: '0 1 130px', marginBottom: 0 }}>
                <Input placeholder="时限" count={{ max: 100 }} aria-label={`第 ${index + 1} 步时限`} />
              </Form.Item>
              <Form.Item name={[field.name, 'description']} style={{ flex: '2 1 200px', marginBottom: 0 }}>
                <Input placeholder="说明" count={{ max: 1000 }} aria-label={`第 ${index + 1} 步说明`} />
              </Form.Item>
              <Button size="small" disabled={index === 0} onClick={() => move(index, index - 1)} aria-label="上移">
                ↑
              </Button>
              <Button type="text" danger size="small" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="删除环节" />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ step: '', timeLimit: '', description: '' })}>
            添加环节
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}

function LiveFlow({ form }: { form: ReturnType<typeof Form.useForm>[0] }) {
  const steps = Form.useWatch('flowchart', form) as Partial<FlowStep>[] | undefined;
  return (
    <Card size="small" title="流程图预览" style={{ width: 280, position: 'sticky', top: 0 }}>
      <FlowDiagram steps={steps} />
      <FlowLegend />
    </Card>
  );
}

const form = (
  <>
    <Flex gap={12} wrap>
      <Form.Item
        name="code"
        label="事项编码"
        rules={[{ required: true, whitespace: true, message: '请填写事项编码' }]}
        style={{ flex: '1 1 140px' }}
      >
        <Input placeholder="MKT-01" count={{ max: 40 }} />
      </Form.Item>
      <Form.Item name="actCategory" label="执法类别" rules={[{ required: true, message: '请选择执法类别' }]} style={{ flex: '1 1 140px' }}>
        <Select options={categoryOptions} />
      </Form.Item>
    </Flex>
    <Form.Item name="name" label="事项名称" rules={[{ required: true, whitespace: true, message: '请填写事项名称' }]}>
      <Input count={{ max: 200 }} />
    </Form.Item>
    <LegalBasesField name="legalBases" label="法律依据" />
    <Form.Item name="duties" label="职责与权限">
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 2000 }} />
    </Form.Item>
    <Collapse
      size="small"
      style={{ marginBottom: 16 }}
      items={[
        {
          key: 'guide',
          label: '服务指南',
          forceRender: true,
          children: serviceGuideFields.map(([key, label]) => (
            <Form.Item key={key} name={['serviceGuide', key]} label={label} style={{ marginBottom: 12 }}>
              {['conditions', 'materials', 'process', 'accountability', 'remedy', 'preferentialPolicies'].includes(key) ? (
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} />
              ) : (
                <Input />
              )}
            </Form.Item>
          )),
        },
        { key: 'flow', label: '流程图环节', forceRender: true, children: <FlowStepsField /> },
      ]}
      defaultActiveKey={['flow']}
    />
  </>
);

function ItemDetail({ data }: { data: ItemData }) {
  const guide = data.serviceGuide ?? {};
  const filled = serviceGuideFields.filter(([key]) => guide[key]);
  return (
    <Flex gap={24} wrap align="flex-start">
      <div style={{ flex: '1 1 420px', minWidth: 0 }}>
        <Typography.Title level={5}>法律依据</Typography.Title>
        {data.legalBases.map((b) => (
          <Typography.Paragraph key={basisText(b)} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{basisText(b)}</Typography.Text>
            {b.text && <div style={{ color: '#595959' }}>{b.text}</div>}
          </Typography.Paragraph>
        ))}
        {filled.length > 0 && (
          <Descriptions
            size="small"
            column={1}
            bordered
            title="服务指南"
            items={filled.map(([key, label]) => ({ key, label, children: guide[key] }))}
          />
        )}
      </div>
      <div>
        <Typography.Title level={5}>流程图</Typography.Title>
        <FlowDiagram steps={data.flowchart} />
      </div>
    </Flex>
  );
}

const config: KindConfig<'items'> = {
  kind: 'items',
  noun: '事项',
  description: '本单位的行政执法事项：事项名称、类别、法律依据、服务指南和流程图。变更经司法局确认后公示。',
  columns: [
    { title: '编码', dataIndex: ['data', 'code'], width: 84, fixed: 'left' },
    { title: '事项名称', dataIndex: ['data', 'name'], width: 240, render: (v: string) => <Clamp text={v} rows={2} /> },
    {
      title: '类别',
      dataIndex: ['data', 'actCategory'],
      width: 88,
      render: (v: string) => <Tag>{actCategoryLabels[v] ?? v}</Tag>,
    },
    {
      title: '法律依据',
      key: 'bases',
      width: 262,
      render: (_, e) => {
        const bases = e.data.legalBases.map(basisText);
        return <Clamp text={bases.join('；')} rows={2} title={<Lines items={bases} />} />;
      },
    },
  ],
  haystack: (d) => `${d.code} ${d.name} ${d.legalBases.map((b) => b.law).join(' ')}`,
  filters: [{ name: 'actCategory', placeholder: '执法类别', options: categoryOptions, match: (d, v) => d.actCategory === v }],
  form,
  initial: { actCategory: 'penalty', legalBases: [{ law: '', article: '' }], flowchart: [] },
  toForm: (d) => ({ ...d, serviceGuide: d.serviceGuide ?? {}, flowchart: d.flowchart ?? [] }),
  fromForm: (v) => {
    const guideIn = (v.serviceGuide ?? {}) as Record<string, unknown>;
    const guide: ServiceGuide = {};
    for (const [key] of serviceGuideFields) {
      const text = blank(guideIn[key]);
      if (text) guide[key] = text;
    }
    const steps = ((v.flowchart ?? []) as Partial<FlowStep>[]).filter((s) => s.step?.trim());
    return {
      code: String(v.code).trim(),
      name: String(v.name).trim(),
      actCategory: v.actCategory as ItemData['actCategory'],
      legalBases: cleanBases(v.legalBases as ItemData['legalBases']),
      duties: blank(v.duties),
      serviceGuide: Object.keys(guide).length > 0 ? guide : null,
      flowchart: steps.map((s) => ({ step: String(s.step).trim(), description: blank(s.description), timeLimit: blank(s.timeLimit) })),
    };
  },
  importable: true,
  expand: (e) => <ItemDetail data={e.data} />,
  editorWidth: 1000,
  editorAside: (f) => <LiveFlow form={f} />,
};

/** 执法事项 (R-D03, R-D05, R-D06). */
export default function ItemsPage() {
  return <CatalogPage config={config} />;
}
