import { describe, expect, it } from 'vitest';
import { instrumentByCode } from '../../catalog';
import { chineseDate, type DocumentSource, fillDocument, penaltyText } from './fill';

const source: DocumentSource = {
  on: '2026-09-01',
  caseNumber: '示范市监罚〔2026〕12号',
  caseTitle: '销售不合格电热水壶案',
  agencyName: '示范县市场监督管理局',
  jurisdictionName: '示范县',
  item: { name: '对销售不合格产品的行政处罚', legalBases: ['《中华人民共和国产品质量法》第四十九条'] },
  openedOn: '2026-08-20',
  filedOn: null,
  parties: [
    {
      kind: 'natural_person',
      name: '张三',
      idNumberMasked: '110101********1234',
      uscc: null,
      address: '示范路1号',
      legalRepresentative: null,
    },
    {
      kind: 'organisation',
      name: '某某商店',
      idNumberMasked: null,
      uscc: '91610000MA6TG1234X',
      address: null,
      legalRepresentative: '李四',
    },
  ],
  officers: [{ name: '王五', certificateNumber: '61000012345' }],
  records: {
    record_inspection: [
      { seq: 3, action: 'record_inspection', on: '2026-08-25', at: '', by: '', input: { place: '仓库', findings: '存放20台' } },
    ],
    decide: [
      {
        seq: 9,
        action: 'decide',
        on: '2026-09-01',
        at: '',
        by: '',
        input: {
          outcome: 'penalty',
          penaltyKinds: ['warning', 'fine'],
          fineAmount: 5000,
          facts: '销售不合格产品',
          legalBasis: '产品质量法第四十九条',
        },
      },
    ],
  },
};
const inst = (code: string) =>
  instrumentByCode.get(code) ??
  (() => {
    throw new Error(code);
  })();

describe('filling a document from the case (pure)', () => {
  it('writes dates in Chinese and penalties as a decision states them', () => {
    expect(chineseDate('2026-09-01')).toBe('2026年9月1日');
    expect(penaltyText({ penaltyKinds: ['fine', 'confiscate_gains'], fineAmount: 5000, confiscatedGains: 1200 })).toBe(
      '罚款5,000元；没收违法所得1,200元',
    );
  });

  it('prints a person masked and an organisation by its credit code, officers with certificate numbers (R-D17)', () => {
    const { data } = fillDocument(inst('penalty_decision'), source, {});
    expect(data.parties).toEqual([
      expect.objectContaining({ name: '张三', idLabel: '公民身份号码', idNumber: '110101********1234' }),
      expect.objectContaining({ name: '某某商店', idLabel: '统一社会信用代码', idNumber: '91610000MA6TG1234X' }),
    ]);
    expect(data.officers).toEqual([{ name: '王五', certificateNumber: '61000012345' }]);
    expect(data.penalty).toBe('警告；罚款5,000元');
    expect(data.reconsiderationBody).toBe('示范县人民政府');
    expect(data.litigationCourt).toBe('示范县人民法院');
  });

  it('defaults the officer’s fields from the case and lets the officer override them', () => {
    expect(fillDocument(inst('inspection_record'), source, {}).fields).toMatchObject({
      inspectionPlace: '仓库',
      findings: '存放20台',
      inspectionTime: '2026年8月25日',
    });
    expect(fillDocument(inst('inspection_record'), source, { findings: '存放25台' }).data.findings).toBe('存放25台');
  });
});

describe('text that cannot enter a .docx', () => {
  it('drops control characters and bidirectional overrides from every field (issue 9 walk)', async () => {
    const { printableData } = await import('../../catalog/templates-compile');
    expect(printableData({ findings: '检查\u0001情况\u000b', names: ['照片\u202Egnp.exe'], n: 3 })).toEqual({
      findings: '检查情况',
      names: ['照片gnp.exe'],
      n: 3,
    });
  });
});
