import { describe, expect, it } from 'vitest';
import { linkPhones, parseBody } from '../../../lib/events/markdown';

const texts = (items: { text: string }[][]) => items.map((item) => item.map((i) => i.text).join(''));

describe('event body lists', () => {
  it('reads "- " items right under a line of text as a list, not as raw dashes', () => {
    const blocks = parseBody('活动安排：\n- 9:00 集合\n- 9:30 开始清理\n\n请穿运动鞋。');
    expect(blocks.map((b) => b.type)).toEqual(['paragraph', 'list', 'paragraph']);
    expect(blocks[1]!.type === 'list' && texts(blocks[1]!.items)).toEqual(['9:00 集合', '9:30 开始清理']);
  });

  it('reads "1. ", "1) " and "1、" items as a numbered list, keeping where it starts', () => {
    const dot = parseBody('1. 报名\n2. 签到\n3. 出发');
    expect(dot).toHaveLength(1);
    expect(dot[0]).toMatchObject({ type: 'ordered', start: 1 });
    expect(dot[0]!.type === 'ordered' && texts(dot[0]!.items)).toEqual(['报名', '签到', '出发']);
    expect(parseBody('3) 第三步\n4) 第四步')[0]).toMatchObject({ type: 'ordered', start: 3 });
    const chinese = parseBody('须知：\n1、带身份证\n2、穿运动鞋');
    expect(chinese.map((b) => b.type)).toEqual(['paragraph', 'ordered']);
  });

  it('keeps one list across a blank line between items, and an indented line in its item', () => {
    const blocks = parseBody('- 一\n\n- 二\n  续行\n- 三');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.type === 'list' && texts(blocks[0]!.items)).toEqual(['一', '二\n续行', '三']);
  });

  it('does not take **bold** at the start of a line, a date or a decimal for a list', () => {
    expect(parseBody('**注意**：带水')[0]).toMatchObject({ type: 'paragraph' });
    expect(parseBody('10.30 集合')[0]).toMatchObject({ type: 'paragraph' });
    expect(parseBody('-5 度也照常')[0]).toMatchObject({ type: 'paragraph' });
  });

  it('passes no HTML through, inside list items too', () => {
    const [list] = parseBody('- <img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(list).toEqual({ type: 'list', items: [[{ type: 'text', text: '<img src=x onerror=alert(1)> ' }, { type: 'text', text: 'x' }, { type: 'text', text: ')' }]] });
  });
});

describe('phone numbers', () => {
  it('turns mobiles, landlines and 400 lines into tel: links', () => {
    expect(linkPhones('电话 0760-88888888 或 138 0013 8000，热线 400-123-4567')).toEqual([
      { type: 'text', text: '电话 ' },
      { type: 'phone', text: '0760-88888888', href: 'tel:076088888888' },
      { type: 'text', text: ' 或 ' },
      { type: 'phone', text: '138 0013 8000', href: 'tel:13800138000' },
      { type: 'text', text: '，热线 ' },
      { type: 'phone', text: '400-123-4567', href: 'tel:4001234567' },
    ]);
    expect(linkPhones('联系13800138000')).toEqual([
      { type: 'text', text: '联系' },
      { type: 'phone', text: '13800138000', href: 'tel:13800138000' },
    ]);
  });

  it('leaves digits that are part of something else, and short numbers, as text', () => {
    for (const text of ['订单 213800138000', '限 110 人', '2026-12-01', 'ID138001380001', '编号 12345']) {
      expect(linkPhones(text).every((i) => i.type === 'text')).toBe(true);
    }
  });

  it('links phones in the body text but not inside a link’s text', () => {
    const [p] = parseBody('咨询 0760-88888888，[报名页 13800138000](https://a.test)');
    expect(p).toMatchObject({ type: 'paragraph' });
    const inlines = p!.type === 'paragraph' ? p!.inlines : [];
    expect(inlines.filter((i) => i.type === 'phone').map((i) => i.text)).toEqual(['0760-88888888']);
    expect(inlines.find((i) => i.type === 'link')).toMatchObject({ text: '报名页 13800138000' });
  });
});
