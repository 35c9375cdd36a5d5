/** The demo card site (`/demo`): a page a newcomer opens after `npm start`, signed in as the demo buyer. */

export interface DemoOrder {
  orderNo: string;
  product: string;
  amount: string;
  status: string;
  /** What to try with this order. */
  hint: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

export function demoPage(options: { buyerId: string; orders: DemoOrder[] }): string {
  const rows =
    options.orders.length > 0
      ? options.orders
          .map(
            (o) =>
              `<tr><td><code>${escapeHtml(o.orderNo)}</code></td><td>${escapeHtml(o.product)}</td>` +
              `<td>${escapeHtml(o.amount)}</td><td>${escapeHtml(o.status)}</td><td>${escapeHtml(o.hint)}</td></tr>`,
          )
          .join('\n')
      : '<tr><td colspan="5">演示订单见 README 的 “Demo data” 一节。</td></tr>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>星河卡铺（演示站）· refund-desk</title>
<style>
  body{margin:0;font:15px/1.6 system-ui,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#222;background:#f5f5f5}
  header{background:#222;color:#fff;padding:12px 24px;display:flex;justify-content:space-between;align-items:center}
  header b{font-size:20px}
  main{max-width:1000px;margin:24px auto;padding:0 16px 96px}
  .goods{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px;margin-bottom:24px}
  .card{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
  .card .price{color:#c8161d;font-weight:600}
  .orders{overflow-x:auto;background:#fff}
  table{width:100%;border-collapse:collapse;background:#fff;min-width:640px}
  th,td{padding:8px 10px;border-bottom:1px solid #eee;text-align:left;font-size:14px}
  .tip{background:#fff8e1;border:1px solid #ffe082;border-radius:8px;padding:12px 16px;margin:16px 0}
</style>
</head>
<body>
<header><b>星河卡铺</b><span>已登录：${escapeHtml(options.buyerId)}（演示买家）</span></header>
<main>
  <div class="tip">这是 refund-desk 的演示卡网页面。点右下角的 <b>售后客服</b> 按钮，用下面任意一个订单问问退款，例如：
  “我的订单付款了一直没到账”“卡密无效，充不进去”“退款什么时候到账？”。</div>
  <h2>热门商品</h2>
  <div class="goods">
    <div class="card"><div>游戏点卡 100 元</div><div class="price">¥98.00</div><small>自动发货 · 卡密</small></div>
    <div class="card"><div>视频会员 年卡</div><div class="price">¥168.00</div><small>代充 · 2 小时内到账</small></div>
    <div class="card"><div>办公软件 授权码</div><div class="price">¥59.00</div><small>自动发货 · 激活码</small></div>
    <div class="card"><div>平台币 500 枚</div><div class="price">¥45.00</div><small>代充</small></div>
  </div>
  <h2>我的订单</h2>
  <div class="orders"><table>
    <thead><tr><th>订单号</th><th>商品</th><th>金额</th><th>状态</th><th>可以试试</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table></div>
</main>
<script src="/widget.js" data-token-url="/demo/token" data-title="售后客服" async></script>
</body>
</html>`;
}
