import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { circumstanceLevels, type DiscretionLevel, type DiscretionStandardData } from '../../api/catalog';
import { Clamp, Lines } from '../../components/lists/cells';
import { CatalogPage, type KindConfig } from './components/CatalogPage';
import { basisText, cleanBases, LegalBasesField } from './components/LegalBasesField';

const levelColors: Record<string, string> = { 轻微: 'green', 一般: 'blue', 较重: 'orange', 严重: 'red' };
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const yuan = (v: number | null) => (v === null ? '' : v >= 10_000 && v % 1000 === 0 ? `${v / 10_000} 万元` : `${v} 元`);

function range(min: number | null, max: number | null, fmt: (v: number | null) => string) {
  if (min === null && max === null) return '—';
  if (min !== null && max !== null) return `${fmt(min)} ~ ${fmt(max)}`;
  return min !== null ? `≥ ${fmt(min)}` : `≤ ${fmt(max)}`;
}

/** The circumstance levels of one standard as a table (轻微 / 一般 / 较重 / 严重). */
export function LevelsTable({ levels }: { levels: DiscretionLevel[] }) {
  return (
    <Table<DiscretionLevel>
      size="small"
      rowKey="level"
      pagination={false}
      dataSource={levels}
      columns={[
        { title: '情节', dataIndex: 'level', width: 70, render: (v: string) => <Tag color={levelColors[v]}>{v}</Tag> },
        { title: '适用情形', dataIndex: 'conditions' },
        { title: '处罚内容', dataIndex: 'penalty', width: 260 },
        { title: '罚款幅度', key: 'fine', width: 160, render: (_, l) => range(l.fineMin, l.fineMax, yuan) },
        {
          title: '违法所得/货值倍数',
          key: 'gains',
          width: 140,
          render: (_, l) => range(l.gainsMultipleMin, l.gainsMultipleMax, (v) => `${v} 倍`),
        },
      ]}
    />
  );
}

function LevelsField() {
  return (
    <Form.Item label="裁量情节" required>
      <Form.List
        name="levels"
        rules={[
          {
            validator: async (_, value: unknown[] | undefined) => {
              if (!value || value.length === 0) throw new Error('请至少填写一个裁量情节');
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={8}>
            {fields.map((field, index) => (
              <div key={field.key} style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: 12 }} data-testid={`level-${index}`}>
                <Flex gap={8} wrap align="flex-start">
                  <Form.Item
                    name={[field.name, 'level']}
                    label="情节"
                    rules={[{ required: true, message: '请选择' }]}
                    style={{ width: 100, marginBottom: 8 }}
                  >
                    <Select options={circumstanceLevels.map((l) => ({ value: l, label: l }))} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'penalty']}
                    label="处罚内容"
                    rules={[{ required: true, whitespace: true, message: '请填写处罚内容' }]}
                    style={{ flex: '1 1 260px', marginBottom: 8 }}
                  >
                    <Input placeholder="处五万元以上七万元以下罚款" count={{ max: 1000 }} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label="删除情节"
                    style={{ marginTop: 30 }}
                  />
                </Flex>
                <Form.Item
                  name={[field.name, 'conditions']}
                  label="适用情形"
                  rules={[{ required: true, whitespace: true, message: '请填写适用情形' }]}
                  style={{ marginBottom: 8 }}
                >
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} count={{ max: 2000 }} />
                </Form.Item>
                <Flex gap={8} wrap>
                  <Form.Item name={[field.name, 'fineMin']} label="罚款下限（元）" style={{ marginBottom: 0 }}>
                    <InputNumber min={0} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'fineMax']} label="罚款上限（元）" style={{ marginBottom: 0 }}>
                    <InputNumber min={0} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'gainsMultipleMin']} label="倍数下限" style={{ marginBottom: 0 }}>
                    <InputNumber min={0} step={0.5} style={{ width: 100 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'gainsMultipleMax']} label="倍数上限" style={{ marginBottom: 0 }}>
                    <InputNumber min={0} step={0.5} style={{ width: 100 }} />
                  </Form.Item>
                </Flex>
              </div>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ level: circumstanceLevels[Math.min(fields.length, 3)], conditions: '', penalty: '' })}
            >
              添加情节
            </Button>
            <Form.ErrorList errors={errors} />
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

const config: KindConfig<'discretion_standards'> = {
  kind: 'discretion_standards',
  noun: '裁量基准',
  description: '行政处罚裁量基准：违法行为、法律依据与处罚依据，按情节（轻微 / 一般 / 较重 / 严重）细化罚款幅度。罚款幅度须在法定范围内。',
  columns: [
    { title: '编码', dataIndex: ['data', 'code'], width: 96, fixed: 'left' },
    { title: '违法行为', dataIndex: ['data', 'violation'], width: 210, render: (v: string) => <Clamp text={v} rows={2} /> },
    { title: '对应事项', dataIndex: ['data', 'itemCode'], width: 84, render: (v: string | null) => v ?? '—' },
    {
      title: '处罚依据',
      key: 'penaltyBasis',
      width: 198,
      render: (_, e) => {
        const bases = e.data.penaltyBasis.map(basisText);
        return <Clamp text={bases.join('；')} rows={2} title={<Lines items={bases} />} />;
      },
    },
    {
      title: '情节',
      key: 'levels',
      width: 88,
      render: (_, e) =>
        e.data.levels.map((l) => (
          <Tag key={l.level} color={levelColors[l.level]}>
            {l.level}
          </Tag>
        )),
    },
  ],
  haystack: (d) => `${d.code} ${d.violation} ${d.itemCode ?? ''}`,
  form: (
    <>
      <Flex gap={12} wrap>
        <Form.Item
          name="code"
          label="编码"
          rules={[{ required: true, whitespace: true, message: '请填写编码' }]}
          style={{ flex: '1 1 140px' }}
        >
          <Input count={{ max: 40 }} />
        </Form.Item>
        <Form.Item name="itemCode" label="对应执法事项编码" style={{ flex: '1 1 140px' }}>
          <Input count={{ max: 40 }} placeholder="MKT-01" />
        </Form.Item>
      </Flex>
      <Form.Item name="violation" label="违法行为" rules={[{ required: true, whitespace: true, message: '请填写违法行为' }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} count={{ max: 500 }} />
      </Form.Item>
      <LegalBasesField name="legalBasis" label="违法依据" />
      <LegalBasesField name="penaltyBasis" label="处罚依据" />
      <LevelsField />
    </>
  ),
  initial: { legalBasis: [{ law: '', article: '' }], penaltyBasis: [{ law: '', article: '' }], levels: [{ level: '轻微' }] },
  toForm: (d) => ({ ...d }),
  fromForm: (v): DiscretionStandardData => ({
    code: String(v.code).trim(),
    itemCode: typeof v.itemCode === 'string' && v.itemCode.trim() ? v.itemCode.trim() : null,
    violation: String(v.violation).trim(),
    legalBasis: cleanBases(v.legalBasis as DiscretionStandardData['legalBasis']),
    penaltyBasis: cleanBases(v.penaltyBasis as DiscretionStandardData['penaltyBasis']),
    levels: ((v.levels ?? []) as Partial<DiscretionLevel>[]).map((l) => ({
      level: l.level ?? '一般',
      conditions: String(l.conditions ?? '').trim(),
      penalty: String(l.penalty ?? '').trim(),
      fineMin: num(l.fineMin),
      fineMax: num(l.fineMax),
      gainsMultipleMin: num(l.gainsMultipleMin),
      gainsMultipleMax: num(l.gainsMultipleMax),
    })),
  }),
  importable: true,
  editorWidth: 860,
  expand: (e) => (
    <div>
      <Typography.Paragraph>
        <Typography.Text strong>违法依据：</Typography.Text>
        {e.data.legalBasis.map(basisText).join('；')}
        <br />
        <Typography.Text strong>处罚依据：</Typography.Text>
        {e.data.penaltyBasis.map(basisText).join('；')}
      </Typography.Paragraph>
      <LevelsTable levels={e.data.levels} />
    </div>
  ),
};

/** 裁量基准 (R-D07). */
export default function DiscretionPage() {
  return <CatalogPage config={config} />;
}
