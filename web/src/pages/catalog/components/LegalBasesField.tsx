import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input } from 'antd';

interface Props {
  /** Form field name, e.g. `legalBases`. */
  name: string;
  label: string;
}

/** 法律依据 editor: law, article, clause and the quoted text, at least one (R-D03). */
export function LegalBasesField({ name, label }: Props) {
  return (
    <Form.Item label={label} required>
      <Form.List
        name={name}
        rules={[
          {
            validator: async (_, value: unknown[] | undefined) => {
              if (!value || value.length === 0) throw new Error(`请至少填写一条${label}`);
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <Flex vertical gap={8}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={`${label} ${index + 1}`}
                extra={
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label="删除此条依据"
                  >
                    删除
                  </Button>
                }
              >
                <Flex gap={8} wrap>
                  <Form.Item
                    name={[field.name, 'law']}
                    label="法律法规"
                    rules={[{ required: true, whitespace: true, message: '请填写法律法规名称' }]}
                    style={{ flex: '2 1 260px', marginBottom: 8 }}
                  >
                    <Input placeholder="《中华人民共和国食品安全法》" count={{ max: 100 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'article']}
                    label="条"
                    rules={[{ required: true, whitespace: true, message: '请填写条' }]}
                    style={{ flex: '1 1 140px', marginBottom: 8 }}
                  >
                    <Input placeholder="第一百二十二条" count={{ max: 40 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'clause']} label="款、项" style={{ flex: '1 1 120px', marginBottom: 8 }}>
                    <Input placeholder="第一款" count={{ max: 40 }} />
                  </Form.Item>
                </Flex>
                <Form.Item name={[field.name, 'text']} label="条文原文" style={{ marginBottom: 0 }}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} count={{ max: 4000 }} />
                </Form.Item>
              </Card>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ law: '', article: '', clause: '', text: '' })}>
              添加{label}
            </Button>
            <Form.ErrorList errors={errors} />
          </Flex>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** Empty optional strings become null, as the API takes them. */
export function cleanBases(bases: { law: string; article: string; clause?: string | null; text?: string | null }[] | undefined) {
  return (bases ?? []).map((b) => ({
    law: b.law.trim(),
    article: b.article.trim(),
    clause: b.clause?.trim() ? b.clause.trim() : null,
    text: b.text?.trim() ? b.text.trim() : null,
  }));
}

export function basisText(b: { law: string; article: string; clause?: string | null }): string {
  return `${b.law}${b.article}${b.clause ?? ''}`;
}
