import { Descriptions, Grid, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatBeijing } from '../../../lib/time';
import { choiceOptions, type JsonSchema, kindOf, unwrap } from './schema';

/** Keys of the case's own registration (POST /cases) besides the procedure's `open` fields. */
export const openExtras: Record<string, JsonSchema> = {
  title: { type: 'string', title: '案由或事项' },
  domain: { type: 'string', title: '执法领域' },
  itemCode: { type: 'string', title: '执法事项编码' },
  officerIds: { type: 'array', title: '承办执法人员', items: { type: 'string' } },
  parties: {
    type: 'array',
    title: '当事人',
    items: {
      type: 'object',
      properties: {
        kind: {
          title: '类别',
          anyOf: [
            { const: 'natural_person', title: '自然人' },
            { const: 'organisation', title: '法人或者其他组织' },
          ],
        },
        name: { type: 'string', title: '姓名或者名称' },
        idNumber: { type: 'string', title: '公民身份号码' },
        uscc: { type: 'string', title: '统一社会信用代码' },
        address: { type: 'string', title: '住所或者地址' },
        phone: { type: 'string', title: '联系电话' },
        legalRepresentative: { type: 'string', title: '法定代表人或者负责人' },
      },
    },
  },
};

/** Keys recorded for the machine (the party's id is the party card's link; a document step's ids: the 文书 panel shows the document), not shown. */
const hidden = new Set(['partyId', 'documentId', 'templateCode']);

/** A scalar as text: a choice by its label, 是/否, the value itself otherwise. */
function plain(schema: JsonSchema | undefined, value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  const s = schema ? unwrap(schema) : undefined;
  if (s && kindOf(s) === 'choice') return choiceOptions(s)?.find((o) => o.value === value)?.label ?? String(value);
  return String(value);
}

/** One value as people read it: a choice by its Chinese label, 是/否, dates, an officer by name. */
function show(schema: JsonSchema | undefined, value: unknown, names: Record<string, string>): ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  const s = schema ? unwrap(schema) : undefined;
  const kind = s ? kindOf(s) : 'unknown';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (s && kind === 'choice') {
    const found = choiceOptions(s)?.find((o) => o.value === value);
    return found?.label ?? String(value);
  }
  if (s && kind === 'dateTime' && typeof value === 'string') return formatBeijing(value, 'YYYY-MM-DD HH:mm');
  if (typeof value === 'number')
    return /元/.test(`${s?.title ?? ''}${s?.description ?? ''}`) ? `${value.toLocaleString('zh-CN')} 元` : String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      // plain text joined (an element would print as [object Object]); an officer no longer on the case keeps the recorded name
      return value.map((v) => (typeof v === 'string' ? (names[v] ?? v) : plain(s?.items, v))).join('、');
    }
    return (
      <>
        {value.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a recorded list never reorders
          <InputView key={i} schema={s?.items} input={v} names={names} nested />
        ))}
      </>
    );
  }
  if (typeof value === 'object') return <InputView schema={s} input={value} names={names} nested />;
  if (typeof value === 'string' && names[value]) return names[value];
  return <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{String(value)}</span>;
}

/**
 * What was typed at a step (timeline), keys by the action schema's Chinese titles, in the schema's
 * order; keys the schema does not know (older definition versions) keep their own name.
 */
export function InputView({
  schema,
  input,
  names = {},
  nested,
}: {
  schema: JsonSchema | undefined;
  input: unknown;
  names?: Record<string, string>;
  nested?: boolean;
}) {
  const narrow = Grid.useBreakpoint().md === false;
  if (input === null || input === undefined) return null;
  if (typeof input !== 'object' || Array.isArray(input)) return <>{show(schema, input, names)}</>;
  const s = schema ? unwrap(schema) : undefined;
  const props = s?.properties ?? {};
  const values = input as Record<string, unknown>;
  const keys = [...Object.keys(props).filter((k) => k in values), ...Object.keys(values).filter((k) => !(k in props))].filter(
    (k) =>
      !hidden.has(k) &&
      values[k] !== null &&
      values[k] !== undefined &&
      values[k] !== '' &&
      !(Array.isArray(values[k]) && (values[k] as unknown[]).length === 0),
  );
  if (keys.length === 0) return nested ? <Typography.Text type="secondary">—</Typography.Text> : null;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered={!narrow}
      // on a phone the label sits above its value: two columns leave no room for the text
      layout={narrow ? 'vertical' : 'horizontal'}
      style={{ marginTop: nested ? 0 : 8 }}
      styles={
        narrow ? { label: { paddingBottom: 0, fontSize: 12 }, content: { paddingBottom: 4 } } : { label: { width: '34%', minWidth: 96 } }
      }
      items={keys.map((k) => ({ key: k, label: props[k]?.title ?? k, children: show(props[k], values[k], names) }))}
    />
  );
}
