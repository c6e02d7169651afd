import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { choiceOptions, INCLUDE, type JsonSchema, kindOf, labelOf, unwrap } from './schema';

type NamePath = (string | number)[];

export interface FieldOptions {
  /** choices offered for a free-text list by its key, e.g. `officerIds` → the agency's officers */
  suggestions?: Record<string, { value: string; label: string }[]>;
}

/** The description under a field, when it says more than the title. */
function help(schema: JsonSchema): string | undefined {
  const { description, title } = schema;
  if (!description || description === title) return undefined;
  // "罚款金额（元）": the unit is shown in the field itself
  if (title && description === `${title}（元）`) return undefined;
  return description;
}

function rulesFor(schema: JsonSchema, required: boolean, label: string, kind: string): Rule[] {
  const rules: Rule[] = [];
  if (required && kind !== 'boolean') {
    const verb = kind === 'choice' || kind === 'choices' || kind === 'date' || kind === 'dateTime' ? '请选择' : '请填写';
    // the rule's type follows the value: the validator's default (string) would refuse a picked date (a Dayjs)
    const message = `${verb}${label}`;
    const text = kind === 'text' || kind === 'longText';
    const list = kind === 'choices' || kind === 'tags' || kind === 'objects';
    rules.push(
      text
        ? { required: true, type: 'string', whitespace: true, message }
        : list
          ? { required: true, type: 'array', message }
          : {
              required: true,
              validator: (_, v: unknown) =>
                v === undefined || v === null || v === '' ? Promise.reject(new Error(message)) : Promise.resolve(),
            },
    );
  }
  if ((kind === 'text' || kind === 'longText') && schema.pattern) {
    rules.push({ pattern: new RegExp(schema.pattern), message: `${label}格式不正确` });
  }
  return rules;
}

/** One field of a generated form, chosen by the schema's kind (string, date, yuan, flag, choice, list, nested). */
export function SchemaField({
  name,
  schema: raw,
  required,
  options,
  listName,
}: {
  name: NamePath;
  schema: JsonSchema;
  required: boolean;
  options?: FieldOptions;
  /** inside a Form.List: the name relative to the list item */
  listName?: NamePath;
}) {
  const schema = unwrap(raw);
  const kind = kindOf(schema);
  const key = String(name[name.length - 1]);
  const label = labelOf(schema, key);
  const itemName = listName ?? name;
  const extra = help(schema);
  const rules = rulesFor(schema, required, label, kind);
  const common = { name: itemName, label, extra, rules, required: required && kind !== 'boolean' && kind !== 'const' };

  switch (kind) {
    case 'const':
      // a fixed value (e.g. 告知要求听证的权利 = true): said, not asked
      return (
        <Form.Item label={label} extra={extra}>
          <Typography.Text>{schema.const === true ? '是' : schema.const === false ? '否' : String(schema.const)}</Typography.Text>
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item {...common}>
          <Input count={schema.maxLength ? { max: schema.maxLength } : undefined} maxLength={schema.maxLength} autoComplete="off" />
        </Form.Item>
      );
    case 'longText':
      return (
        <Form.Item {...common}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} count={schema.maxLength ? { max: schema.maxLength } : undefined} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common}>
          <DatePicker style={{ width: '100%', maxWidth: 240 }} placeholder="YYYY-MM-DD" />
        </Form.Item>
      );
    case 'dateTime':
      return (
        <Form.Item {...common}>
          <DatePicker showTime style={{ width: '100%', maxWidth: 260 }} />
        </Form.Item>
      );
    case 'number': {
      const integer = schema.type === 'integer';
      const yuan = !integer && /元/.test(`${schema.title ?? ''}${schema.description ?? ''}`);
      return (
        <Form.Item {...common}>
          <InputNumber
            style={{ width: '100%', maxWidth: 260 }}
            min={schema.minimum}
            max={schema.maximum}
            precision={integer ? 0 : 2}
            suffix={yuan ? '元' : undefined}
          />
        </Form.Item>
      );
    }
    case 'boolean':
      return (
        <Form.Item name={itemName} valuePropName="checked" extra={extra}>
          <Checkbox>{label}</Checkbox>
        </Form.Item>
      );
    case 'choice': {
      const opts = choiceOptions(schema) ?? [];
      const short = opts.length <= 5;
      return (
        <Form.Item {...common}>
          {short ? (
            <Radio.Group>
              <Space orientation="vertical" size={4}>
                {opts.map((o) => (
                  <Radio key={String(o.value)} value={o.value}>
                    {o.label}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          ) : (
            <Select
              allowClear={!required}
              showSearch
              optionFilterProp="label"
              options={opts.map((o) => ({ value: o.value as string, label: o.label }))}
            />
          )}
        </Form.Item>
      );
    }
    case 'choices': {
      const opts = choiceOptions(schema.items ?? {}) ?? [];
      return (
        <Form.Item {...common}>
          {opts.length <= 6 ? (
            <Checkbox.Group options={opts.map((o) => ({ value: o.value as string, label: o.label }))} />
          ) : (
            <Select
              mode="multiple"
              allowClear
              optionFilterProp="label"
              options={opts.map((o) => ({ value: o.value as string, label: o.label }))}
            />
          )}
        </Form.Item>
      );
    }
    case 'tags': {
      const offered = options?.suggestions?.[key];
      return (
        <Form.Item {...common}>
          <Select
            mode={offered ? 'multiple' : 'tags'}
            options={offered}
            optionFilterProp="label"
            tokenSeparators={offered ? undefined : ['、', '，', ',']}
            placeholder={offered ? '请选择' : '输入后回车'}
          />
        </Form.Item>
      );
    }
    case 'objects':
      return <ObjectList name={itemName} schema={schema} label={label} options={options} />;
    case 'object':
      return <ObjectFields name={name} listName={listName} schema={schema} required={required} options={options} />;
    default:
      return (
        <Form.Item {...common}>
          <Input />
        </Form.Item>
      );
  }
}

/** The properties of an object schema, each a field (the top of an action's form, or a fieldset). */
export function SchemaFields({ schema, name = [], options }: { schema: JsonSchema; name?: NamePath; options?: FieldOptions }) {
  const s = unwrap(schema);
  const required = new Set(s.required ?? []);
  return (
    <>
      {Object.entries(s.properties ?? {}).map(([key, child]) => (
        <SchemaField key={key} name={[...name, key]} schema={child} required={required.has(key)} options={options} />
      ))}
    </>
  );
}

/** A nested object as a fieldset; an optional one behind a "填写" switch, so nothing half-filled is sent. */
function ObjectFields({
  name,
  listName,
  schema,
  required,
  options,
}: {
  name: NamePath;
  listName?: NamePath;
  schema: JsonSchema;
  required: boolean;
  options?: FieldOptions;
}) {
  const base = listName ?? name;
  const label = labelOf(schema, String(name[name.length - 1]));
  const req = new Set(schema.required ?? []);
  const body = Object.entries(schema.properties ?? {}).map(([key, child]) => (
    <SchemaField
      key={key}
      name={[...name, key]}
      listName={listName ? [...listName, key] : undefined}
      schema={child}
      required={req.has(key)}
      options={options}
    />
  ));
  const fieldset = (
    <fieldset style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: '8px 12px 0', margin: '0 0 16px', minWidth: 0 }}>
      <legend style={{ width: 'auto', fontSize: 14, padding: '0 4px', margin: 0, border: 0 }}>{label}</legend>
      {body}
    </fieldset>
  );
  if (required) return fieldset;
  return (
    <>
      <Form.Item name={[...base, INCLUDE]} valuePropName="checked" extra={help(schema)} style={{ marginBottom: 8 }}>
        <Checkbox>填写「{label}」</Checkbox>
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldValue }) => (getFieldValue([...name, INCLUDE]) ? fieldset : null)}
      </Form.Item>
    </>
  );
}

/** An array of objects: one fieldset a row, 添加 / 删除 (Form.List). */
function ObjectList({ name, schema, label, options }: { name: NamePath; schema: JsonSchema; label: string; options?: FieldOptions }) {
  const item = unwrap(schema.items ?? {});
  const req = new Set(item.required ?? []);
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <fieldset style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: '8px 12px', margin: '0 0 16px', minWidth: 0 }}>
          <legend style={{ width: 'auto', fontSize: 14, padding: '0 4px', margin: 0, border: 0 }}>{label}</legend>
          {fields.map((f, i) => (
            <div key={f.key} style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 8 }}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text type="secondary">第 {i + 1} 项</Typography.Text>
                <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)}>
                  删除
                </Button>
              </Space>
              {Object.entries(item.properties ?? {}).map(([key, child]) => (
                <SchemaField
                  key={key}
                  name={[...name, f.name, key]}
                  listName={[f.name, key]}
                  schema={child}
                  required={req.has(key)}
                  options={options}
                />
              ))}
            </div>
          ))}
          {(schema.maxItems === undefined || fields.length < schema.maxItems) && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
              添加{label}
            </Button>
          )}
        </fieldset>
      )}
    </Form.List>
  );
}
