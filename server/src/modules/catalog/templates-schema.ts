/** Request and response shapes of the document templates in the catalog (issue 9 §5, R-S08). */
import { type Static, Type } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const TemplateCode = Type.String({ pattern: '^[a-z][a-z_]{0,59}$', description: '文书模板代码，如 inspection_record（现场检查笔录）' });
const FreeField = Type.Object({ name: Type.String(), label: Type.String(), multiline: Type.Boolean() }, strict);
export const DocxFile = {
  description: '.docx 文件（Content-Disposition 给出中文文件名）',
  content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } } },
} as const;

export const TemplateParams = Type.Object({ code: TemplateCode }, strict);
export type TemplateParams = Static<typeof TemplateParams>;
export const TemplateVersionParams = Type.Object({ code: TemplateCode, version: Type.Integer({ minimum: 1 }) }, strict);
export type TemplateVersionParams = Static<typeof TemplateVersionParams>;
export const TemplateVersionBody = Type.Object(
  {
    uploadId: Type.String({ minLength: 1, maxLength: 200, description: '经 tus 上传的 .docx 的上传编号' }),
    effectiveFrom: Type.String({ format: 'date', description: '生效日期（不早于今天）' }),
    reason: Type.String({ minLength: 1, maxLength: 2000, description: '增加版本的理由' }),
  },
  strict,
);
export type TemplateVersionBody = Static<typeof TemplateVersionBody>;

const TemplateVersion = Type.Object(
  {
    version: Type.Integer(),
    builtIn: Type.Boolean(),
    jurisdictionCode: nullable(Type.String()),
    effectiveFrom: Type.String({ format: 'date' }),
    reason: Type.String(),
    size: Type.Integer(),
    placeholders: Type.Array(Type.String()),
    createdAt: nullable(Type.String()),
    createdByName: nullable(Type.String()),
  },
  strict,
);
export const TemplateList = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String(),
          decision: Type.Boolean({ description: '决定、通知类文书：载明事实、理由、依据和当事人的权利' }),
          freeFields: Type.Array(FreeField),
          placeholders: Type.Array(Type.Object({ name: Type.String(), label: Type.String() }, strict)),
          versions: Type.Array(TemplateVersion),
        },
        strict,
      ),
    ),
  },
  strict,
);
export const TemplateVersionCreated = Type.Object(
  {
    code: Type.String(),
    version: Type.Integer(),
    jurisdictionCode: Type.String(),
    effectiveFrom: Type.String(),
    reason: Type.String(),
    size: Type.Integer(),
    placeholders: Type.Array(Type.String()),
    journalSeq: Type.Integer(),
  },
  strict,
);
