import { describe, expect, it } from 'vitest';
import { findPii, isLuhn, isResidentId, maskPii, residentIdCheck } from '../../../lib/privacy/pii';

const today = new Date('2026-12-01T00:00:00Z');

/** A resident ID with its real GB 11643 check character, computed here by the standard's weights. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

/** A card number made Luhn-valid by computing its last digit. */
function luhnCard(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (isLuhn(prefix + d)) return prefix + d;
  throw new Error('unreachable');
}

/** The same number with a wrong last character. */
function broken(valid: string): string {
  const last = valid.at(-1)!;
  const wrong = last === '1' ? '2' : '1';
  return valid.slice(0, -1) + wrong;
}

describe('resident ID numbers (GB 11643)', () => {
  const id = residentId('44030419900307123');
  const idX = (() => {
    // Find a real-shaped number whose check character is X.
    for (let seq = 100; seq < 999; seq++) {
      const n = residentId(`11010519850612${seq}`);
      if (n.endsWith('X')) return n;
    }
    throw new Error('no X');
  })();

  it('knows the published example and computed check characters', () => {
    // The example in GB 11643-1999's annex: 11010519491231002X.
    expect(residentIdCheck('11010519491231002')).toBe('X');
    expect(isResidentId('11010519491231002X', today)).toBe(true);
    expect(isResidentId(id, today)).toBe(true);
    expect(isResidentId(idX.toLowerCase(), today)).toBe(true);
  });

  it('masks a valid ID as 440***********1234', () => {
    expect(maskPii(`我的身份证号是${id}，请核实`, today)).toBe(`我的身份证号是440***********${id.slice(-4)}，请核实`);
    expect(maskPii(idX, today)).toBe(`110***********${idX.slice(-4)}`);
  });

  it('leaves look-alikes: wrong check digit, impossible or future birth date, unknown region', () => {
    expect(maskPii(broken(id), today)).toBe(broken(id));
    const feb30 = residentId('44030419900230123');
    expect(isResidentId(feb30, today)).toBe(false);
    expect(maskPii(feb30, today)).toBe(feb30);
    const future = residentId('44030420300101123');
    expect(maskPii(future, today)).toBe(future);
    const region = residentId('99030419900307123');
    expect(findPii(region, today).filter((m) => m.kind === 'resident_id')).toEqual([]);
  });

  it('does not match an ID inside a longer digit run', () => {
    expect(findPii(`${id}7`, today)).toEqual([]);
  });
});

describe('mobile numbers', () => {
  it('masks 1[3-9] and nine digits, bare or written 3-4-4', () => {
    expect(maskPii('电话13812345678', today)).toBe('电话138****5678');
    expect(maskPii('打 139-1234-5678 或 177 0000 1234', today)).toBe('打 139-****-5678 或 177 **** 1234');
    expect(maskPii('+86 15912345678', today)).toBe('+86 159****5678');
  });

  it('leaves numbers that are not mobiles', () => {
    for (const text of ['12812345678', '10086', '1381234567', '138123456789', '订单号 2138123456789', '0201381234567890123456']) {
      expect(maskPii(text, today), text).toBe(text);
    }
  });
});

describe('bank card numbers (Luhn)', () => {
  const card16 = luhnCard('622202100112345');
  const card19 = luhnCard('621700123456789012');

  it('masks Luhn-valid cards of 13–19 digits, bare or grouped in fours', () => {
    expect(maskPii(`卡号${card16}`, today)).toBe(`卡号622*********${card16.slice(-4)}`);
    expect(maskPii(card19, today)).toBe(`621************${card19.slice(-4)}`);
    const grouped = card16.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(maskPii(grouped, today)).toBe(`622* **** **** ${card16.slice(-4)}`);
  });

  it('leaves order numbers, dates and runs that fail Luhn or are too long', () => {
    const order = broken(card16);
    expect(isLuhn(order)).toBe(false);
    for (const text of [order, '订单 20261201093015', '2026-12-01 09:30', `${card16}${card16}`, '办件编号 ZS-261201-4F7K']) {
      expect(maskPii(text, today), text).toBe(text);
    }
  });
});

it('masks several numbers in one message and keeps the rest', () => {
  const id = residentId('32010219751102441');
  const card = luhnCard('436742123456789');
  const text = `姓名张三，身份证${id}，手机13912345678，卡${card}，订单20261201。`;
  const masked = maskPii(text, today);
  expect(masked).toBe(`姓名张三，身份证320***********${id.slice(-4)}，手机139****5678，卡436*********${card.slice(-4)}，订单20261201。`);
  expect(findPii(text, today).map((m) => m.kind)).toEqual(['resident_id', 'mobile', 'bank_card']);
});
