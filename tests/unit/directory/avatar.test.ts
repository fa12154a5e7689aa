import { describe, expect, it } from 'vitest';
import { avatarFor, simulatorAvatarSrc } from '../../../lib/directory/avatar';

describe('the avatar to compare', () => {
  it('is the registered head image when there is one', () => {
    expect(avatarFor({ name: '平安肇庆', avatarUrl: 'https://wx.qlogo.cn/mmhead/abc/0' }, { simulatorEnabled: true })).toEqual({ src: 'https://wx.qlogo.cn/mmhead/abc/0', registered: true });
  });

  it('in the demo, without one, is what the simulator shows: the first character', () => {
    const avatar = avatarFor({ name: '平安肇庆', avatarUrl: null }, { simulatorEnabled: true })!;
    expect(avatar.registered).toBe(false);
    expect(avatar.src.startsWith('data:image/svg+xml,')).toBe(true);
    const svg = decodeURIComponent(avatar.src.slice('data:image/svg+xml,'.length));
    expect(svg).toMatch(/<text[^>]*>平<\/text>/);
  });

  it('is nothing in production without one, and never a non-web URL', () => {
    expect(avatarFor({ name: '平安肇庆', avatarUrl: null }, { simulatorEnabled: false })).toBeNull();
    expect(avatarFor({ name: 'x', avatarUrl: 'javascript:alert(1)' }, { simulatorEnabled: false })).toBeNull();
  });

  it('escapes a name that would be markup', () => {
    const svg = decodeURIComponent(simulatorAvatarSrc('<script>').slice('data:image/svg+xml,'.length));
    expect(svg).toContain('>&lt;</text>');
    expect(svg).not.toContain('<script');
  });
});
