import { describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import { translator } from '../../lib/i18n/messages';
import { newContext, PHONE, signIn, sharedBrowser } from './browser';

const browser = sharedBrowser();

describe('the WeChat simulator phone in Chromium', () => {
  it('lets a citizen ask 平安肇庆 a question and get the keyword reply, which staff then see', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    const response = await page.goto('/dev/wechat?account=zhaoqing-police&openid=oDemoCitizen01');
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: '平安肇庆' }).waitFor();
    const chat = page.getByRole('log', { name: '与「平安肇庆」的聊天' });
    await page.getByText('还没有消息').waitFor();

    await page.getByLabel('消息').fill('身份证');
    await page.getByRole('button', { name: '发送' }).click();
    await chat.getByText('身份证补领').waitFor();
    expect(await chat.getByText('自动回复').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('消息').inputValue()).toBe('');
    // The citizen's own bubble is there too, rendered as text.
    expect(await chat.getByText('身份证', { exact: true }).count()).toBe(1);

    // Tapping a menu button gets its click rule's reply.
    await page.getByRole('navigation', { name: '公众号菜单' }).getByRole('button', { name: '办事指南' }).click();
    await chat.getByText('回复「身份证」「户口」「出入境」').waitFor();

    const audit = await new AxeBuilder({ page }).analyze();
    const serious = audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    const staff = await newContext(browser());
    const admin = await staff.newPage();
    await signIn(admin, 'police@wegov.local');
    await admin.goto('/admin/accounts/zhaoqing-police');
    const recent = admin.locator('section[aria-labelledby="recent-heading"]');
    // Staff see the citizen by name (a remark, else the OpenID's tail), never by raw OpenID.
    await expect.poll(() => recent.textContent()).toContain(translator('zh-CN')('inbox.citizen.fallback', { tail: 'oDemoCitizen01'.slice(-4) }));
    expect(await recent.textContent()).not.toContain('oDemoCitizen01');
    expect(await recent.getByText('身份证', { exact: true }).count()).toBeGreaterThan(0);
    await staff.close();
    await context.close();
  });

  it('follows 中山青年 from its QR link with the directory scene and shows the welcome', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/dev/wechat/follow?account=zhongshan-youth&scene=directory&openid=oDemoCitizen02');
    await page.getByRole('heading', { name: '中山青年' }).waitFor();
    await page.getByText('二维码场景：directory').waitFor();
    await page.getByRole('button', { name: '关注公众号' }).click();
    await page.waitForURL(/\/dev\/wechat\?account=zhongshan-youth&openid=oDemoCitizen02$/);
    const chat = page.getByRole('log', { name: '与「中山青年」的聊天' });
    await chat.getByText('欢迎关注中山青年').waitFor();
    await chat.getByText('你扫描二维码（场景 directory）关注了「中山青年」').waitFor();
    await page.getByRole('button', { name: '不再关注' }).waitFor();
    await context.close();
  });

  it('fits a 390 px phone without sideways scrolling', async () => {
    const context = await newContext(browser(), PHONE);
    const page = await context.newPage();
    await page.goto('/dev/wechat?account=zhongshan-youth&openid=oDemoCitizen03');
    await page.getByText('还没有消息').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});
