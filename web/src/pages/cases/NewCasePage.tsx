import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Divider, Flex, Form, Input, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMe } from '../../api/auth';
import { type OpenCaseBody, useAgencyOfficers, useOpenCase, useOwnItems, useProcedures } from '../../api/cases';
import { ApiError, errorMessage, fieldErrors } from '../../api/client';
import { useAgencies } from '../../api/org';
import { useSingleFlight } from '../../lib/useSingleFlight';
import { SchemaFields } from './components/SchemaFields';
import { fieldPath, hasField, type JsonSchema, toInput } from './components/schema';

interface PartyValues {
  kind: 'natural_person' | 'organisation';
  name?: string;
  idNumber?: string;
  uscc?: string;
  address?: string;
  phone?: string;
  legalRepresentative?: string;
}

interface NewCaseValues {
  procedure?: OpenCaseBody['procedure'];
  title?: string;
  domain?: string;
  itemCode?: string;
  officerIds?: string[];
  parties?: PartyValues[];
  open?: Record<string, unknown>;
}

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const topFields = ['procedure', 'title', 'domain', 'itemCode', 'officerIds'];

/** 登记案件 (issue 8 §3): a procedure, the case's own fields, its parties, then the procedure's `open` form. */
export default function NewCasePage() {
  const { data: user } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewCaseValues>();
  const procedures = useProcedures();
  const agencies = useAgencies();
  const officers = useAgencyOfficers(user?.agencyId);
  const items = useOwnItems();
  const openCase = useOpenCase();
  const [pending, once] = useSingleFlight();
  const [error, setError] = useState<string | null>(null);
  const code = Form.useWatch('procedure', form);
  const procedure = procedures.data?.items.find((p) => p.code === code);
  const openSchema = (procedure?.open ?? { type: 'object', properties: {} }) as JsonSchema;

  const ownAgency = agencies.data?.find((a) => a.id === user?.agencyId);
  const domainOptions = (ownAgency?.domains ?? []).map((d) => ({ value: d }));
  const colleagues = (officers.data?.items ?? []).filter((o) => o.userId !== user?.id && o.active);
  const itemOptions = (items.data?.items ?? [])
    .filter((i) => i.published)
    .map((i) => ({ value: i.data.code, label: `${i.data.code} ${i.data.name}` }));

  const onSubmit = () =>
    once(async () => {
      let v: NewCaseValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      if (!v.procedure || !procedure) return;
      setError(null);
      const body: OpenCaseBody = {
        procedure: v.procedure,
        title: (v.title ?? '').trim(),
        domain: blank(v.domain) ?? null,
        itemCode: v.itemCode ?? null,
        officerIds: v.officerIds ?? [],
        parties: (v.parties ?? []).map((p) => ({
          kind: p.kind,
          name: (p.name ?? '').trim(),
          idNumber: p.kind === 'natural_person' ? (blank(p.idNumber)?.toUpperCase() ?? null) : null,
          uscc: p.kind === 'organisation' ? (blank(p.uscc)?.toUpperCase() ?? null) : null,
          address: blank(p.address) ?? null,
          phone: blank(p.phone) ?? null,
          legalRepresentative: p.kind === 'organisation' ? (blank(p.legalRepresentative) ?? null) : null,
        })),
        open: (toInput(openSchema, v.open ?? {}) ?? {}) as OpenCaseBody['open'],
      };
      try {
        const created = await openCase.mutateAsync(body);
        message.success(`已登记：${created.title}`);
        navigate(`/cases/${created.id}`);
      } catch (err) {
        setError(errorMessage(err));
        if (err instanceof ApiError) {
          form.setFields(
            fieldErrors(err).flatMap((f) => {
              const path = fieldPath(f.name);
              if (path.length === 1 && topFields.includes(String(path[0]))) return [{ name: path as [string], errors: f.errors }];
              if (path[0] === 'open') path.shift();
              return hasField(openSchema, path) ? [{ name: ['open', ...path] as never, errors: f.errors }] : [];
            }),
          );
        }
      }
    });

  return (
    <Card title="登记案件">
      <Form<NewCaseValues> form={form} layout="vertical" name="new-case" style={{ maxWidth: 760 }} disabled={pending}>
        <Form.Item name="procedure" label="执法程序" rules={[{ required: true, message: '请选择执法程序' }]}>
          <Radio.Group style={{ width: '100%' }} onChange={() => form.setFieldValue('open', {})}>
            <Flex vertical gap={8}>
              {(procedures.data?.items ?? []).map((p) => (
                <Radio
                  key={p.code}
                  value={p.code}
                  style={{
                    border: '1px solid #d9d9d9',
                    borderRadius: 8,
                    padding: '8px 12px',
                    marginInlineEnd: 0,
                    alignItems: 'flex-start',
                  }}
                  data-testid={`procedure-${p.code}`}
                >
                  <Typography.Text strong>{p.label}</Typography.Text>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {p.basis}
                  </Typography.Text>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        {procedures.isError && <Alert type="error" showIcon title={errorMessage(procedures.error)} />}
        <Form.Item
          name="title"
          label="案由或事项"
          extra="如：某超市销售过期食品案"
          rules={[{ required: true, whitespace: true, min: 2, message: '请填写案由或事项（至少 2 个字）' }]}
        >
          <Input count={{ max: 200 }} maxLength={200} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="domain" label="执法领域" extra="与执法证件的执法领域比对" style={{ flex: '1 1 200px' }}>
            <AutoComplete options={domainOptions} maxLength={50} />
          </Form.Item>
          <Form.Item name="itemCode" label="执法事项" extra="本机关已公示的事项清单（可不选）" style={{ flex: '2 1 280px' }}>
            <Select allowClear showSearch optionFilterProp="label" options={itemOptions} loading={items.isPending} />
          </Form.Item>
        </Flex>
        <Form.Item name="officerIds" label="其他承办执法人员" extra="登记人本人自动加入；行政处罚法第四十二条：执法人员不得少于两人">
          <Select
            mode="multiple"
            optionFilterProp="label"
            maxCount={10}
            loading={officers.isPending}
            options={colleagues.map((o) => ({
              value: o.id,
              label: `${o.name}（${o.statusLabel}${o.canEnforceToday ? '' : '，不可执法'}）`,
              disabled: !o.canEnforceToday,
            }))}
          />
        </Form.Item>

        <Divider titlePlacement="start">当事人</Divider>
        <Form.List name="parties">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <fieldset
                  key={f.key}
                  style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: '8px 12px 0', margin: '0 0 12px', minWidth: 0 }}
                >
                  <legend style={{ width: 'auto', fontSize: 14, padding: '0 4px', margin: 0, border: 0 }}>当事人 {i + 1}</legend>
                  <Flex justify="space-between" align="center" wrap>
                    <Form.Item name={[f.name, 'kind']} label="类别" rules={[{ required: true }]}>
                      <Radio.Group
                        options={[
                          { value: 'natural_person', label: '自然人' },
                          { value: 'organisation', label: '法人或者其他组织' },
                        ]}
                      />
                    </Form.Item>
                    <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Flex>
                  <Form.Item noStyle shouldUpdate>
                    {({ getFieldValue }) => {
                      const natural = getFieldValue(['parties', f.name, 'kind']) === 'natural_person';
                      return (
                        <Flex gap={12} wrap>
                          <Form.Item
                            name={[f.name, 'name']}
                            label={natural ? '姓名' : '名称'}
                            rules={[{ required: true, whitespace: true, message: natural ? '请填写姓名' : '请填写名称' }]}
                            style={{ flex: '1 1 200px' }}
                          >
                            <Input maxLength={200} />
                          </Form.Item>
                          {natural ? (
                            <Form.Item
                              name={[f.name, 'idNumber']}
                              label="公民身份号码"
                              extra="18 位，校验末位（GB 11643）；不公开"
                              rules={[{ pattern: /^[0-9]{17}[0-9Xx]$/, message: '公民身份号码应为 18 位数字（末位可为 X）' }]}
                              style={{ flex: '1 1 220px' }}
                            >
                              <Input maxLength={18} autoComplete="off" />
                            </Form.Item>
                          ) : (
                            <Form.Item
                              name={[f.name, 'uscc']}
                              label="统一社会信用代码"
                              extra="18 位（GB 32100）"
                              rules={[{ pattern: /^[0-9A-Za-z]{18}$/, message: '统一社会信用代码应为 18 位' }]}
                              style={{ flex: '1 1 220px' }}
                            >
                              <Input maxLength={18} autoComplete="off" />
                            </Form.Item>
                          )}
                          {!natural && (
                            <Form.Item name={[f.name, 'legalRepresentative']} label="法定代表人或负责人" style={{ flex: '1 1 160px' }}>
                              <Input maxLength={100} />
                            </Form.Item>
                          )}
                          <Form.Item name={[f.name, 'address']} label="住所或地址" style={{ flex: '2 1 300px' }}>
                            <Input maxLength={300} />
                          </Form.Item>
                          <Form.Item name={[f.name, 'phone']} label="联系电话" style={{ flex: '1 1 160px' }}>
                            <Input maxLength={40} />
                          </Form.Item>
                        </Flex>
                      );
                    }}
                  </Form.Item>
                </fieldset>
              ))}
              {fields.length < 20 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'natural_person' })} style={{ marginBottom: 16 }}>
                  添加当事人
                </Button>
              )}
            </>
          )}
        </Form.List>

        {procedure && (
          <>
            <Divider titlePlacement="start">{(procedure.open as JsonSchema).title ?? '登记内容'}</Divider>
            <SchemaFields schema={openSchema} name={['open']} />
          </>
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="new-case-error" role="alert" />}
        <Flex gap={8}>
          <Button type="primary" onClick={onSubmit} loading={pending} data-testid="new-case-submit">
            登记
          </Button>
          <Button onClick={() => navigate(-1)} disabled={pending}>
            取消
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
