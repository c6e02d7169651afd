/** Request and response shapes of case documents and document templates (issue 9 §5, §7). */
import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../../../platform/http/schemas';

const strict = { additionalProperties: false } as const;
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const TemplateCode = Type.String({
  pattern: '^[a-z][a-z_]{0,59}$',
  description: '文书模板代码，如 inspection_record（现场检查笔录）',
});
export const Fields = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,59}$' }), Type.String({ maxLength: 20000 }), {
  description: '执法人员填写的文书字段（如现场检查笔录的 findings 检查情况）；未填的由案件数据生成',
  maxProperties: 60,
});

export const DocumentParams = Type.Object({ id: Id('案件'), docId: Id('文书') }, strict);
export type DocumentParams = Static<typeof DocumentParams>;
export const VersionParams = Type.Object(
  { id: Id('案件'), docId: Id('文书'), version: Type.Integer({ minimum: 1, description: '版本号' }) },
  strict,
);
export type VersionParams = Static<typeof VersionParams>;
export const PartyParams = Type.Object({ id: Id('当事人') }, strict);
export type PartyParams = Static<typeof PartyParams>;

export const GenerateBody = Type.Object(
  {
    templateCode: TemplateCode,
    fields: Type.Optional(Fields),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '文书标题，默认为文书名称' })),
  },
  strict,
);
export type GenerateBody = Static<typeof GenerateBody>;
export const VersionBody = Type.Object(
  { fields: Type.Optional(Fields), reason: Type.String({ minLength: 1, maxLength: 2000, description: '更正理由（第2版起必填）' }) },
  strict,
);
export type VersionBody = Static<typeof VersionBody>;
export const PreviewBody = Type.Object({ templateCode: TemplateCode, fields: Type.Optional(Fields) }, strict);
export type PreviewBody = Static<typeof PreviewBody>;

const FreeField = Type.Object({ name: Type.String(), label: Type.String(), multiline: Type.Boolean() }, strict);

export const Preview = Type.Object(
  {
    templateCode: Type.String(),
    templateName: Type.String(),
    templateVersion: Type.Integer({ description: '今天生效的模板版本' }),
    freeFields: Type.Array(FreeField),
    fields: Type.Record(Type.String(), Type.String(), { description: '文书字段：已填写的或由案件数据生成的默认值' }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: '全部占位符的取值' }),
  },
  strict,
);

const Signature = Type.Object(
  {
    id: Type.String(),
    signerName: Type.String(),
    signedAt: Type.String({ format: 'date-time' }),
    documentHash: Type.String(),
    sealProvider: Type.String({ description: 'platform：平台签署记录（全过程记录）；demo：演示签章' }),
    sealLabel: nullable(Type.String()),
    journalSeq: Type.Integer(),
  },
  strict,
);

const Version = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer(),
    templateVersion: Type.Integer(),
    on: Type.String({ format: 'date' }),
    fields: Type.Record(Type.String(), Type.String()),
    hash: Type.String({ description: '.docx 文件的哈希' }),
    size: Type.Integer(),
    reason: nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    createdByName: Type.String(),
    journalSeq: Type.Integer(),
    contentUrl: Type.String(),
    pdfUrl: Type.String(),
    signatures: Type.Array(Signature),
  },
  strict,
);

export const DocumentView = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    templateCode: Type.String(),
    templateName: Type.String(),
    title: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    versions: Type.Array(Version),
  },
  strict,
);
export const DocumentList = Type.Object({ items: Type.Array(DocumentView), canGenerate: Type.Boolean(), canSign: Type.Boolean() }, strict);
export const PartyDocumentList = Type.Object(
  { items: Type.Array(Type.Object({ caseNumber: nullable(Type.String()), caseTitle: Type.String(), document: DocumentView }, strict)) },
  strict,
);

export const DocxFile = {
  description: '.docx 文件（Content-Disposition 给出中文文件名）',
  content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } } },
} as const;
export const PdfFile = {
  description: 'PDF 文件（由同一 .docx 经 LibreOffice 转换）',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
} as const;
