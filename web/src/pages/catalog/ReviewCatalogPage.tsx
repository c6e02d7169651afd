import { Alert, Button, Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, List, Radio, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  actCategoryLabels,
  type ProposedDecision,
  penaltyKindLabels,
  type ReviewRuleData,
  reviewRuleKindLabels,
  useEvaluateReview,
} from '../../api/catalog';
import { errorMessage } from '../../api/client';
import { Clamp } from '../../components/lists/cells';
import { dayjs, toLegalDate } from '../../lib/time';
import { CatalogPage, type KindConfig } from './components/CatalogPage';

const categoryOptions = Object.entries(actCategoryLabels).map(([value, label]) => ({ value, label }));
const penaltyOptions = Object.entries(penaltyKindLabels).map(([value, label]) => ({ value, label }));
const kindOptions = Object.entries(reviewRuleKindLabels).map(([value, label]) => ({ value, label }));
const money = (v: number | null | undefined) => (v === null || v === undefined ? null : `${v.toLocaleString('zh-CN')} 元`);

function ruleScope(d: ReviewRuleData): string {
  const parts: string[] = [];
  if (d.actCategories?.length) parts.push(d.actCategories.map((c) => actCategoryLabels[c] ?? c).join('、'));
  if (d.penaltyKinds?.length) parts.push(d.penaltyKinds.map((k) => penaltyKindLabels[k] ?? k).join('、'));
  const person = money(d.naturalPersonThreshold);
  const org = money(d.organisationThreshold);
  if (person) parts.push(`自然人 ≥ ${person}`);
  if (org) parts.push(`组织 ≥ ${org}`);
  return parts.join('；') || '—';
}

interface TrialValues {
  actCategory: string;
  partyType: 'natural_person' | 'organisation';
  penaltyKinds?: string[];
  fineAmount?: number | null;
  procedure?: 'simple' | 'general';
  flags?: string[];
  onDate?: Dayjs;
}

const flagOptions = [
  { value: 'hearingHeld', label: '已经听证' },
  { value: 'complex', label: '案情疑难复杂' },
  { value: 'majorPublicInterest', label: '涉及重大公共利益' },
  { value: 'majorSocialRisk', label: '可能引发重大社会风险' },
  { value: 'majorRights', label: '关系当事人重大权益' },
];

/** 试算: a proposed decision → which rules of the catalog require legal review, and why (R-L02). */
function TrialPanel({ agencyId }: { agencyId: string | undefined }) {
  const [form] = Form.useForm<TrialValues>();
  const evaluate = useEvaluateReview();
  const run = async () => {
    const v = await form.validateFields();
    const flags = new Set(v.flags ?? []);
    const decision: ProposedDecision = {
      actCategory: v.actCategory,
      partyType: v.partyType,
      penaltyKinds: v.penaltyKinds ?? [],
      fineAmount: v.fineAmount ?? null,
      procedure: v.procedure,
      hearingHeld: flags.has('hearingHeld'),
      complex: flags.has('complex'),
      majorPublicInterest: flags.has('majorPublicInterest'),
      majorSocialRisk: flags.has('majorSocialRisk'),
      majorRights: flags.has('majorRights'),
    };
    evaluate.mutate({ ...(agencyId ? { agencyId } : {}), ...(v.onDate ? { onDate: toLegalDate(v.onDate) } : {}), decision });
  };
  const result = evaluate.data;
  return (
    <Card size="small" title="试算：拟作出的决定是否需要法制审核" style={{ marginTop: 24 }} data-testid="review-trial">
      <Flex gap={24} wrap align="flex-start">
        <Form<TrialValues>
          form={form}
          name="trial"
          layout="vertical"
          style={{ flex: '1 1 420px' }}
          initialValues={{ actCategory: 'penalty', partyType: 'organisation', procedure: 'general', onDate: dayjs() }}
        >
          <Flex gap={12} wrap>
            <Form.Item name="actCategory" label="执法类别" style={{ width: 150 }}>
              <Select options={categoryOptions} />
            </Form.Item>
            <Form.Item name="partyType" label="当事人" style={{ width: 180 }}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'natural_person', label: '自然人' },
                  { value: 'organisation', label: '法人/组织' },
                ]}
              />
            </Form.Item>
            <Form.Item name="procedure" label="程序" style={{ width: 160 }}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'simple', label: '简易' },
                  { value: 'general', label: '普通' },
                ]}
              />
            </Form.Item>
          </Flex>
          <Flex gap={12} wrap>
            <Form.Item name="penaltyKinds" label="处罚种类" style={{ flex: '1 1 240px' }}>
              <Select mode="multiple" allowClear options={penaltyOptions} placeholder="如 责令停产停业" />
            </Form.Item>
            <Form.Item name="fineAmount" label="拟罚款金额（元）" style={{ width: 170 }}>
              <InputNumber min={0} style={{ width: '100%' }} aria-label="拟罚款金额" />
            </Form.Item>
            <Form.Item name="onDate" label="决定日期" style={{ width: 150 }}>
              <DatePicker allowClear={false} />
            </Form.Item>
          </Flex>
          <Form.Item name="flags" label="其他情形">
            <Checkbox.Group options={flagOptions} />
          </Form.Item>
          <Button type="primary" onClick={run} loading={evaluate.isPending} data-testid="trial-run">
            试算
          </Button>
        </Form>
        <div style={{ flex: '1 1 320px' }} data-testid="trial-result">
          {evaluate.isError && <Alert type="error" showIcon title={errorMessage(evaluate.error)} />}
          {result && (
            <>
              <Alert
                type={result.needsReview ? 'warning' : 'success'}
                showIcon
                title={result.needsReview ? '需要法制审核' : '无需法制审核'}
                description={`按 ${result.onDate} 有效的审核目录判断。`}
              />
              {result.matches.length > 0 && (
                <List
                  size="small"
                  header="命中的规则"
                  dataSource={result.matches}
                  renderItem={(m) => (
                    <List.Item>
                      <div>
                        <Tag>{m.ruleCode}</Tag>
                        <Typography.Text strong>{m.ruleName}</Typography.Text>
                        <div>{m.reason}</div>
                      </div>
                    </List.Item>
                  )}
                />
              )}
            </>
          )}
          {!result && !evaluate.isError && <Typography.Text type="secondary">填写拟作出的决定后点击“试算”。</Typography.Text>}
        </div>
      </Flex>
    </Card>
  );
}

const config: KindConfig<'review_catalog'> = {
  kind: 'review_catalog',
  noun: '审核规则',
  description:
    '重大执法决定法制审核目录清单：按执法类别、处罚种类、罚款数额、听证、疑难复杂等决定哪些决定须经法制审核；每条规则有生效日期。',
  columns: [
    { title: '编码', dataIndex: ['data', 'code'], width: 90, fixed: 'left' },
    { title: '规则名称', dataIndex: ['data', 'name'], width: 190, render: (v: string) => <Clamp text={v} rows={2} /> },
    {
      title: '类型',
      dataIndex: ['data', 'kind'],
      width: 120,
      render: (v: string) => <Tag style={{ whiteSpace: 'normal' }}>{reviewRuleKindLabels[v] ?? v}</Tag>,
    },
    { title: '条件', key: 'scope', width: 176, render: (_, e) => <Clamp text={ruleScope(e.data)} rows={2} /> },
    {
      title: '有效期',
      key: 'effective',
      width: 100,
      render: (_, e) => `${e.data.effectiveFrom} 起${e.data.effectiveTo ? ` 至 ${e.data.effectiveTo}` : ''}`,
    },
  ],
  jurisdictionWide: { portalPath: '/portal/review-catalog' },
  haystack: (d) => `${d.code} ${d.name} ${d.description}`,
  filters: [{ name: 'kind', placeholder: '规则类型', options: kindOptions, match: (d, v) => d.kind === v }],
  form: (
    <>
      <Flex gap={12} wrap>
        <Form.Item
          name="code"
          label="编码"
          rules={[{ required: true, whitespace: true, message: '请填写编码' }]}
          style={{ flex: '1 1 120px' }}
        >
          <Input count={{ max: 40 }} />
        </Form.Item>
        <Form.Item name="kind" label="规则类型" rules={[{ required: true, message: '请选择规则类型' }]} style={{ flex: '1 1 200px' }}>
          <Select options={kindOptions} />
        </Form.Item>
      </Flex>
      <Form.Item name="name" label="规则名称" rules={[{ required: true, whitespace: true, message: '请填写规则名称' }]}>
        <Input count={{ max: 200 }} />
      </Form.Item>
      <Form.Item name="description" label="说明（公示）" rules={[{ required: true, whitespace: true, message: '请填写说明' }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} count={{ max: 2000 }} />
      </Form.Item>
      <Form.Item noStyle dependencies={['kind']}>
        {({ getFieldValue }) => {
          const kind = getFieldValue('kind') as string;
          return (
            <>
              {kind === 'act_category' && (
                <Form.Item name="actCategories" label="执法类别" rules={[{ required: true, message: '请选择执法类别' }]}>
                  <Select mode="multiple" options={categoryOptions} />
                </Form.Item>
              )}
              {kind === 'penalty_kind' && (
                <Form.Item name="penaltyKinds" label="处罚种类" rules={[{ required: true, message: '请选择处罚种类' }]}>
                  <Select mode="multiple" options={penaltyOptions} />
                </Form.Item>
              )}
              {kind === 'fine_threshold' && (
                <Flex gap={12} wrap>
                  <Form.Item name="naturalPersonThreshold" label="对自然人罚款达到（元）">
                    <InputNumber min={0} style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item name="organisationThreshold" label="对法人或其他组织罚款达到（元）">
                    <InputNumber min={0} style={{ width: 200 }} />
                  </Form.Item>
                </Flex>
              )}
            </>
          );
        }}
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="effectiveFrom" label="生效日期" rules={[{ required: true, message: '请选择生效日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="effectiveTo" label="失效日期">
          <DatePicker />
        </Form.Item>
      </Flex>
    </>
  ),
  initial: { kind: 'penalty_kind', effectiveFrom: dayjs() },
  toForm: (d) => ({
    ...d,
    effectiveFrom: dayjs(d.effectiveFrom),
    effectiveTo: d.effectiveTo ? dayjs(d.effectiveTo) : undefined,
  }),
  fromForm: (v): ReviewRuleData => {
    const kind = v.kind as ReviewRuleData['kind'];
    const from = v.effectiveFrom as Dayjs;
    const to = v.effectiveTo as Dayjs | undefined | null;
    return {
      code: String(v.code).trim(),
      name: String(v.name).trim(),
      kind,
      description: String(v.description).trim(),
      effectiveFrom: toLegalDate(from),
      effectiveTo: to ? toLegalDate(to) : null,
      ...(kind === 'act_category' ? { actCategories: v.actCategories as ReviewRuleData['actCategories'] } : {}),
      ...(kind === 'penalty_kind' ? { penaltyKinds: v.penaltyKinds as ReviewRuleData['penaltyKinds'] } : {}),
      ...(kind === 'fine_threshold'
        ? {
            naturalPersonThreshold: (v.naturalPersonThreshold as number | undefined) ?? null,
            organisationThreshold: (v.organisationThreshold as number | undefined) ?? null,
          }
        : {}),
    };
  },
  expand: (e) => <Typography.Paragraph style={{ margin: 0 }}>{e.data.description}</Typography.Paragraph>,
  footer: (agencyId) => <TrialPanel agencyId={agencyId} />,
};

/** 法制审核目录清单 (R-L02) with the evaluator's 试算 panel. */
export default function ReviewCatalogPage() {
  return <CatalogPage config={config} />;
}
