import { describe, expect, it } from 'vitest';
import {
  findAllPersonalData,
  findPersonalData,
  findPersonalDataInFields,
  isBankCard,
  isIdNumber,
  isOldIdNumber,
  isUscc,
  type PersonalDataKind,
} from './personal-data';

// Valid by construction: check characters computed by GB 11643 (the last one is X), cards by Luhn.
const id = '110105199003071239';
const idX = '99010219900307109X';
const id2000 = '320102200002290013'; // born on 29 February 2000
const demoId = '990102198001010010'; // the demo jurisdiction's fictional region code 990102
const card19 = '6222021234567890128';
const card16 = '4111111111111111';
const allDigitUsccPassingLuhn = '913302061410045109';

describe('the checks', () => {
  it('GB 11643 check character and birth date', () => {
    expect(isIdNumber(id)).toBe(true);
    expect(isIdNumber(id2000)).toBe(true);
    expect(isIdNumber('110105199003071234')).toBe(false); // wrong check digit
    expect(isIdNumber('110105199002301236')).toBe(false); // 30 February
    expect(isIdNumber('11010519900307123X')).toBe(false);
    expect(isOldIdNumber('110105900307123')).toBe(true);
    expect(isOldIdNumber('110105901307123')).toBe(false);
  });
  it('Luhn, and an all-digit USCC is not a card', () => {
    expect(isBankCard(card19)).toBe(true);
    expect(isBankCard(card16)).toBe(true);
    expect(isBankCard('6222021234567890123')).toBe(false);
    expect(isUscc(allDigitUsccPassingLuhn)).toBe(true);
    expect(isBankCard(allDigitUsccPassingLuhn)).toBe(false);
  });
});

const truePositives: [string, PersonalDataKind][] = [
  [`身份证 ${id} 备查`, 'id_number'],
  [id, 'id_number'],
  [`公民身份号码：${id2000}`, 'id_number'],
  [`当事人${demoId}，男`, 'id_number'],
  [`身份证号 ${idX}。`, 'id_number'],
  ['证件号码 44030619851231105x', 'id_number'],
  [`ID ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`, 'id_number'],
  ['１１０１０５１９９００３０７１２３９', 'id_number'],
  ['旧身份证 110105900307123', 'id_number'],
  ['咨询电话 13912345678', 'mobile'],
  ['联系人手机 139 1234 5678', 'mobile'],
  ['联系人手机 139-1234-5678', 'mobile'],
  ['+8613912345678', 'mobile'],
  ['+86 139 1234 5678', 'mobile'],
  ['(+86)13800001111', 'mobile'],
  ['0086-13800001111', 'mobile'],
  ['王科长13800001111联系', 'mobile'],
  ['电话 0999-88000102 或 15912345678', 'mobile'],
  ['手机：199 12345678', 'mobile'],
  ['退款账户 6222021234567890128', 'bank_card'],
  ['卡号 6222 0212 3456 7890 128', 'bank_card'],
  ['4111-1111-1111-1111', 'bank_card'],
  ['缴至 5105 1051 0510 5100 账户', 'bank_card'],
];

const falsePositives: string[] = [
  'MKT-02',
  '事项编码 330217001000',
  '统一社会信用代码 91110000100000000R',
  `统一社会信用代码 ${allDigitUsccPassingLuhn}`,
  '91330206MA2AB12X3K',
  '咨询电话 0999-88000102（工作日）',
  '029-87654321',
  '0999-88000102-8012',
  '12345 政务服务便民热线',
  '12315 市场监管投诉举报热线',
  '12345 12315 12369',
  '400-123-4567',
  '95588',
  '执法证号 99010201000012',
  '证号 99010200001',
  '食品经营许可证 JY13301020012345',
  '许可证编号 SC13812345678901',
  '2025-03-01',
  '2025年3月1日至2026年2月28日',
  '20250101-20251231',
  '2025010120251231',
  '处五万元以上七万元以下罚款，罚款 50000 元',
  '罚款 1,380,000.00 元',
  '《中华人民共和国食品安全法》第一百二十二条第一款',
  '第 122 条第 1 款',
  '西未市监罚〔2025〕12号',
  '受理编号 2026030200012',
  '110105199003071234', // an ID shape with a wrong check digit
  '110105199002301236', // 30 February
  '6222021234567890123', // fails Luhn
  '1234567890123456', // starts with 1
  '时间 2026-03-02 13:45:00',
  '步骤 15 20 30 45 50 6',
  'version 13812345678X2',
];

describe('findPersonalData', () => {
  it.each(truePositives)('finds %s', (text, kind) => {
    const hit = findPersonalData(text);
    expect(hit?.kind).toBe(kind);
    expect(hit?.known).toBe(false);
  });
  it.each(falsePositives)('lets %s through', (text) => {
    expect(findPersonalData(text)).toBeNull();
  });
  it('has enough of each', () => {
    expect(truePositives.length).toBeGreaterThanOrEqual(20);
    expect(falsePositives.length).toBeGreaterThanOrEqual(20);
  });

  it('answers in Chinese', () => {
    expect(findPersonalData(id)?.message).toBe('含有公民身份号码');
    expect(findPersonalData('13912345678')?.message).toBe('含有个人手机号码');
    expect(findPersonalData(card19)?.message).toBe('含有银行卡号');
  });

  it('finds a value known to the platform even when it fails the checks', () => {
    const known = { idNumbers: ['110105199003071234'], phones: ['0999-66001234'] };
    expect(findPersonalData('110105199003071234')).toBeNull();
    expect(findPersonalData('号码 110105 19900307 1234', known)).toMatchObject({ kind: 'id_number', known: true });
    expect(findPersonalData('家中电话 0999 66001234', known)).toMatchObject({ kind: 'phone', known: true, message: '含有个人电话号码' });
    expect(findPersonalData('电话 0999-88000102', known)).toBeNull();
  });

  it('gives offsets for redaction, every hit once', () => {
    const text = `甲 ${id}，手机 139 1234 5678，卡 ${card19}。`;
    const hits = findAllPersonalData(text);
    expect(hits.map((h) => h.kind)).toEqual(['id_number', 'mobile', 'bank_card']);
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual([id, '139 1234 5678', card19]);
  });
});

describe('findPersonalDataInFields', () => {
  it('names the field path of each hit, never the digits', () => {
    const hits = findPersonalDataInFields({
      code: 'MKT-01',
      legalBases: [{ law: '《食品安全法》', article: '第一百二十二条', text: null }],
      serviceGuide: { 咨询电话: '0999-88000102', 办公地址: `联系人身份证 ${id}` },
      levels: [{ conditions: '首次违法', penalty: '罚款' }, { conditions: '联系 13912345678' }],
      version: 3,
    });
    expect(hits).toEqual([
      { field: 'serviceGuide.办公地址', kind: 'id_number', message: '含有公民身份号码' },
      { field: 'levels.1.conditions', kind: 'mobile', message: '含有个人手机号码' },
    ]);
    expect(JSON.stringify(hits)).not.toContain(id);
  });
  it('skips the fields named', () => {
    expect(findPersonalDataInFields({ idNumber: id, name: '张伟' }, undefined, { skip: ['idNumber'] })).toEqual([]);
    expect(findPersonalDataInFields([`${id}`])).toEqual([{ field: '0', kind: 'id_number', message: '含有公民身份号码' }]);
  });
});
