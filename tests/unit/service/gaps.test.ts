import { describe, expect, it } from 'vitest';
import { groupBySimilarity, keywordFor } from '../../../lib/service/gaps';

describe('grouping similar questions', () => {
  it('forms groups around the most connected question and never chains two strangers through a third', () => {
    // 1–2, 1–3, 1–4 alike; 4–5 alike but 5 is unlike 1: 5 must not join 1's group through 4.
    const groups = groupBySimilarity([1, 2, 3, 4, 5, 6], [[1, 2], [1, 3], [1, 4], [4, 5]]);
    expect(groups).toEqual([[1, 2, 3, 4], [5], [6]]);
  });
});

describe('the keyword of a group', () => {
  it('is the piece most of the group shares and the other questions do not', () => {
    const group = ['社保卡丢了怎么补办？', '请问社保卡补办要去哪里', '我的社保卡坏了，怎么补办'];
    expect(keywordFor(group, ['港澳通行证续签要多久', '怎么补办身份证'])).toBe('社保卡');
  });

  it('is never only digits or punctuation', () => {
    const group = ['团员证丢了怎么补办 1764591', '请问团员证补办去哪里 1764591', '团员证补办需要什么材料 1764591'];
    expect(keywordFor(group, [])).toBe('团员证');
  });
});
