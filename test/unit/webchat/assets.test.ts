import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { webChatAssetsModule } from '../../../adapters/webchat/static.js';

function appWith(module: ReturnType<typeof webChatAssetsModule>): Hono {
  const app = new Hono();
  module.mount(app);
  return app;
}

describe('web chat assets', () => {
  const demo = webChatAssetsModule({
    demo: {
      buyerId: 'demo-buyer',
      issueToken: async () => ({ token: 't', conversationId: 'c', expires_in: 60 }),
      orders: async () => [
        { orderNo: 'KM1', product: '<script>alert(1)</script>', amount: '¥1.00', status: '已发货', hint: '试试' },
      ],
    },
  });

  it('serves the official Web Chat bundle from the installed package, compressed when asked', async () => {
    const app = appWith(demo);
    const plain = await app.request('/webchat/webchat.js');
    expect(plain.headers.get('content-type')).toContain('javascript');
    expect(await plain.text()).toContain('window.WebChat');
    const gz = await app.request('/webchat/webchat.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });

  it('serves the widget and the demo page, escaping what the platform says', async () => {
    const app = appWith(demo);
    expect(await (await app.request('/widget.js')).text()).toContain('data-token-url');
    const page = await (await app.request('/demo')).text();
    expect(page).toContain('lang="zh-CN"');
    expect(page).toContain('data-token-url="/demo/token"');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(await (await app.request('/demo/token', { method: 'POST' })).json()).toMatchObject({ token: 't' });
  });

  it('has no demo outside sandbox mode', async () => {
    const app = appWith(webChatAssetsModule({}));
    expect((await app.request('/demo')).status).toBe(404);
    expect((await app.request('/demo/token', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/widget.js')).status).toBe(200);
  });
});
