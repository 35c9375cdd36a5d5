/* refund-desk web chat embed: a floating button that opens the official Bot Framework Web Chat.
 * <script src="https://desk.example.com/widget.js" data-token-url="/refund-desk/token" async></script>
 * data-token-url: your site's backend endpoint (POST, cookies included) answering {token} from
 * refund-desk's /v3/directline/tokens/generate for the signed-in buyer.
 * Optional: data-title, data-locale (zh-CN | en-US), data-open="true". */
(() => {
  var script = document.currentScript;
  if (!script || window.RefundDesk) return;
  var base = new URL(script.src, location.href).origin;
  var tokenUrl = script.getAttribute('data-token-url');
  var locale = script.getAttribute('data-locale') || 'zh-CN';
  var en = /^en/i.test(locale);
  var title = script.getAttribute('data-title') || (en ? 'Customer service' : '售后客服');
  var state = 'idle';

  var css =
    '.rd-btn{position:fixed;right:24px;bottom:24px;z-index:2147483000;border:0;border-radius:28px;padding:14px 20px;' +
    'background:#e4393c;color:#fff;font:600 15px/1 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;' +
    'box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}' +
    '.rd-panel{position:fixed;right:24px;bottom:88px;z-index:2147483000;width:380px;max-width:calc(100vw - 32px);' +
    'height:600px;max-height:calc(100vh - 120px);display:none;flex-direction:column;background:#fff;border-radius:12px;' +
    'overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.3);font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif}' +
    '.rd-panel.rd-open{display:flex}' +
    '.rd-head{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;background:#e4393c;color:#fff;font-weight:600}' +
    '.rd-head button{border:0;background:transparent;color:#fff;font-size:20px;cursor:pointer;line-height:1}' +
    '.rd-chat{flex:1;min-height:0}.rd-note{padding:16px;color:#666;font-size:14px}';
  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'rd-btn';
  button.setAttribute('aria-haspopup', 'dialog');
  button.textContent = title;
  var panel = document.createElement('div');
  panel.className = 'rd-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  var head = document.createElement('div');
  head.className = 'rd-head';
  var heading = document.createElement('span');
  heading.textContent = title;
  var close = document.createElement('button');
  close.type = 'button';
  close.setAttribute('aria-label', en ? 'Close' : '关闭');
  close.textContent = '×';
  head.appendChild(heading);
  head.appendChild(close);
  var chat = document.createElement('div');
  chat.className = 'rd-chat';
  panel.appendChild(head);
  panel.appendChild(chat);
  document.body.appendChild(panel);
  document.body.appendChild(button);

  function note(text) {
    chat.textContent = '';
    var p = document.createElement('div');
    p.className = 'rd-note';
    p.textContent = text;
    chat.appendChild(p);
  }

  function loadWebChat() {
    if (window.WebChat) return Promise.resolve();
    return new Promise((resolve, reject) => {
      var s = document.createElement('script');
      s.src = `${base}/webchat/webchat.js`;
      s.onload = () => {
        resolve();
      };
      s.onerror = () => {
        reject(new Error('web chat bundle failed to load'));
      };
      document.head.appendChild(s);
    });
  }

  function fetchToken() {
    if (!tokenUrl) return Promise.reject(new Error('data-token-url is missing'));
    return fetch(tokenUrl, { method: 'POST', credentials: 'include', headers: { Accept: 'application/json' } }).then(
      (res) => {
        if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
        return res.json();
      },
    );
  }

  function start() {
    state = 'starting';
    note(en ? 'Connecting…' : '正在连接客服…');
    Promise.all([loadWebChat(), fetchToken()])
      .then((results) => {
        var token = results[1].token;
        chat.textContent = '';
        window.WebChat.renderWebChat(
          {
            directLine: window.WebChat.createDirectLine({ token: token, domain: `${base}/v3/directline` }),
            locale: locale,
            styleOptions: {
              accent: '#e4393c',
              botAvatarInitials: en ? 'Bot' : '客服',
              userAvatarInitials: en ? 'Me' : '我',
              hideUploadButton: false,
              uploadAccept: 'image/*,application/pdf',
              sendAttachmentOn: 'attach',
              suggestedActionLayout: 'flow',
              bubbleMaxWidth: 300,
            },
          },
          chat,
        );
        state = 'ready';
      })
      .catch((err) => {
        state = 'idle';
        note((en ? 'Could not connect: ' : '连接失败：') + err.message);
      });
  }

  function open() {
    panel.classList.add('rd-open');
    button.setAttribute('aria-expanded', 'true');
    if (state === 'idle') start();
  }
  function hide() {
    panel.classList.remove('rd-open');
    button.setAttribute('aria-expanded', 'false');
  }
  button.addEventListener('click', () => {
    if (panel.classList.contains('rd-open')) hide();
    else open();
  });
  close.addEventListener('click', hide);
  window.RefundDesk = { open: open, close: hide };
  if (script.getAttribute('data-open') === 'true') open();
})();
