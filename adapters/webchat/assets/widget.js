/* refund-desk web chat embed: a floating button that opens the official Bot Framework Web Chat.
 * <script src="https://desk.example.com/widget.js" data-token-url="/refund-desk/token" async></script>
 * data-token-url: your site's backend endpoint (POST, cookies included) answering {token} from
 * refund-desk's /v3/directline/tokens/generate for the signed-in buyer.
 * Optional: data-title, data-title-en, data-locale (zh-CN | en-US), data-open="true",
 * data-accent (button and header colour, default #c8161d), data-accent-text (default #ffffff).
 * Text on the accent colour should reach a contrast of 4.5:1; the console warns when it does not. */
(() => {
  var script = document.currentScript;
  if (!script || window.RefundDesk) return;
  var base = new URL(script.src, location.href).origin;
  var attr = (name, fallback) => script.getAttribute(`data-${name}`) || fallback;
  var tokenUrl = attr('token-url', '');
  var lang = /^en/i.test(attr('locale', 'zh-CN')) ? 'en' : 'zh';
  var accent = attr('accent', '#c8161d');
  var accentText = attr('accent-text', '#ffffff');
  var TEXT = {
    zh: {
      title: attr('title', '售后客服'),
      subtitle: '售后助手 · 自动回复机器人，可转人工',
      close: '关闭聊天',
      connecting: '正在连接客服…',
      failed: '连接失败：',
      offline: '连接已中断，正在重新连接…你的消息不会丢失。',
      back: '已重新连接。',
      unread: (n) => `${n} 条未读消息`,
      cue: (n) => `(${n}) 新消息 · `,
      clause: '条文原文',
      closeClause: '返回聊天',
      me: '我',
      bot: '机器人',
      locale: 'zh-CN',
    },
    en: {
      title: attr('title-en', 'Customer service'),
      subtitle: 'Refund assistant · an automated bot; a human can take over',
      close: 'Close chat',
      connecting: 'Connecting…',
      failed: 'Could not connect: ',
      offline: 'Connection lost. Reconnecting… Your messages are kept.',
      back: 'Connected again.',
      unread: (n) => `${n} unread ${n === 1 ? 'message' : 'messages'}`,
      cue: (n) => `(${n}) New message · `,
      clause: 'Clause text',
      closeClause: 'Back to the chat',
      me: 'Me',
      bot: 'Bot',
      locale: 'en-US',
    },
  };
  var t = () => TEXT[lang];

  /* WCAG contrast of two #rrggbb colours. */
  function contrast(a, b) {
    var lum = (hex) => {
      var m = /^#?([0-9a-f]{6})$/i.exec(hex);
      if (!m) return null;
      var n = parseInt(m[1], 16);
      var c = [n >> 16, (n >> 8) & 255, n & 255].map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    var la = lum(a);
    var lb = lum(b);
    if (la === null || lb === null) return null;
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  var ratio = contrast(accent, accentText);
  if (ratio !== null && ratio < 4.5) {
    console.warn(`refund-desk widget: data-accent-text on data-accent has contrast ${ratio.toFixed(2)}:1, below 4.5:1`);
  }

  var BOT_AVATAR =
    'data:image/svg+xml,' +
    encodeURIComponent(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" rx="20" fill="${accent}"/>` +
        `<rect x="10" y="13" width="20" height="15" rx="4" fill="${accentText}"/><circle cx="16" cy="20" r="2" fill="${accent}"/>` +
        `<circle cx="24" cy="20" r="2" fill="${accent}"/><rect x="19" y="8" width="2" height="5" fill="${accentText}"/></svg>`,
    );

  var css =
    `.rd-root{--rd-accent:${accent};--rd-accent-text:${accentText};--rd-gap:max(16px,env(safe-area-inset-bottom));` +
    'font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}' +
    '.rd-btn{position:fixed;right:max(16px,env(safe-area-inset-right));bottom:var(--rd-gap);z-index:2147483000;' +
    'display:flex;align-items:center;gap:8px;min-height:48px;border:0;border-radius:24px;padding:12px 20px;' +
    'background:var(--rd-accent);color:var(--rd-accent-text);font-family:inherit;font-size:15px;font-weight:600;line-height:1.2;box-shadow:0 6px 20px rgba(0,0,0,.25);cursor:pointer}' +
    '.rd-btn:focus-visible,.rd-head button:focus-visible,.rd-sheet button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px;box-shadow:0 0 0 5px #fff}' +
    '.rd-badge{display:none;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#fff;color:#1a1a1a;' +
    'font-family:inherit;font-size:13px;font-weight:700;line-height:22px;text-align:center;box-sizing:border-box}.rd-badge.rd-on{display:inline-block}' +
    '.rd-panel{position:fixed;right:max(16px,env(safe-area-inset-right));bottom:calc(var(--rd-gap) + 64px);z-index:2147483000;' +
    'width:400px;max-width:calc(100vw - 32px);height:620px;max-height:calc(100vh - 120px);display:none;flex-direction:column;' +
    'background:#fff;color:#1a1a1a;border-radius:12px;overflow:hidden;box-shadow:0 12px 40px rgba(0,0,0,.3)}' +
    '.rd-panel.rd-open{display:flex}' +
    '.rd-head{display:flex;align-items:center;gap:12px;padding:10px 8px 10px 16px;background:var(--rd-accent);color:var(--rd-accent-text)}' +
    '.rd-head h2{margin:0;font-size:16px;font-weight:600;line-height:1.3}.rd-head p{margin:0;font-size:13px;line-height:1.3}' +
    '.rd-head div{flex:1;min-width:0}' +
    '.rd-head button{flex:none;width:44px;height:44px;border:0;border-radius:8px;background:transparent;color:inherit;font-size:26px;line-height:1;cursor:pointer}' +
    '.rd-banner{display:none;padding:8px 16px;background:#fff4e5;color:#5c3800;font-size:14px;border-bottom:1px solid #e0a84a}' +
    '.rd-banner.rd-on{display:block}.rd-banner.rd-ok{background:#e8f5e9;color:#1b5e20;border-color:#81c784}' +
    '.rd-chat{flex:1;min-height:0;position:relative}.rd-note{padding:16px;color:#4a4a4a;font-size:14px}' +
    '.rd-chat .webchat__text-content p{margin:0 0 .55em}.rd-chat .webchat__text-content p:last-child{margin-bottom:0}' +
    '.rd-chat .webchat__text-content strong{font-weight:700}' +
    '.rd-chat .webchat__bubble:not(.webchat__bubble--from-user) .webchat__text-content a{color:#0b57a4;text-decoration:underline}' +
    '.rd-sheet{position:absolute;inset:0;z-index:2;display:none;flex-direction:column;background:#fff}' +
    '.rd-sheet.rd-on{display:flex}.rd-sheet-head{display:flex;align-items:center;gap:8px;padding:8px 8px 8px 16px;border-bottom:1px solid #ddd}' +
    '.rd-sheet h3{flex:1;margin:0;font-size:15px}.rd-sheet button{min-height:44px;padding:0 12px;border:1px solid #767676;border-radius:8px;background:#fff;color:#1a1a1a;font-family:inherit;font-size:14px;cursor:pointer}' +
    '.rd-sheet-body{flex:1;overflow:auto;padding:12px 16px;font-size:14px;line-height:1.7;white-space:pre-wrap}' +
    '@media (max-width:479.98px){.rd-panel{inset:0;width:auto;max-width:none;height:auto;max-height:none;border-radius:0;' +
    'padding:env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);background:var(--rd-accent)}' +
    '.rd-panel .rd-chat,.rd-panel .rd-banner{background:#fff}.rd-btn.rd-covered{display:none}}';
  var style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);

  var el = (tag, props, children) => {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach((k) => {
      if (k === 'text') node.textContent = props[k];
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach((c) => {
      node.appendChild(c);
    });
    return node;
  };

  var root = el('div', { class: 'rd-root' });
  var label = el('span', { text: t().title });
  var badge = el('span', { class: 'rd-badge', 'aria-hidden': 'true' });
  var button = el(
    'button',
    { type: 'button', class: 'rd-btn', 'aria-expanded': 'false', 'aria-controls': 'rd-panel' },
    [label, badge],
  );
  var heading = el('h2', { id: 'rd-title', text: t().title });
  var subtitle = el('p', { text: t().subtitle });
  var close = el('button', { type: 'button', 'aria-label': t().close, text: '×' });
  var banner = el('div', { class: 'rd-banner', role: 'status', 'aria-live': 'polite' });
  var chat = el('div', { class: 'rd-chat' });
  var sheetTitle = el('h3', { id: 'rd-sheet-title' });
  var sheetBack = el('button', { type: 'button', text: t().closeClause });
  var sheetBody = el('div', { class: 'rd-sheet-body', tabindex: '0' });
  var sheet = el('div', { class: 'rd-sheet', role: 'dialog', 'aria-labelledby': 'rd-sheet-title' }, [
    el('div', { class: 'rd-sheet-head' }, [sheetTitle, sheetBack]),
    sheetBody,
  ]);
  var panel = el('div', { id: 'rd-panel', class: 'rd-panel', role: 'dialog', 'aria-labelledby': 'rd-title' }, [
    el('div', { class: 'rd-head' }, [el('div', {}, [heading, subtitle]), close]),
    banner,
    chat,
  ]);
  chat.appendChild(sheet);
  root.appendChild(panel);
  root.appendChild(button);
  document.body.appendChild(root);

  var state = 'idle';
  var store = null;
  var directLine = null;
  var conversationId = null;
  var unread = 0;
  var seen = 0;
  var pageTitle = document.title;
  var online = false;
  var wasOnline = false;
  var retryTimer = null;
  var openedBefore = false;
  var KEY = 'refund-desk:';
  var storage = {
    get: (k) => {
      try {
        return localStorage.getItem(KEY + k);
      } catch (_) {
        return null;
      }
    },
    set: (k, v) => {
      try {
        localStorage.setItem(KEY + k, v);
      } catch (_) {}
    },
  };

  function note(text) {
    Array.from(chat.children).forEach((c) => {
      if (c !== sheet) chat.removeChild(c);
    });
    chat.appendChild(el('div', { class: 'rd-note', text: text }));
  }

  function loadWebChat() {
    if (window.WebChat) return Promise.resolve();
    return new Promise((resolve, reject) => {
      var s = document.createElement('script');
      s.src = `${base}/webchat/webchat.js`;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error('web chat bundle failed to load'));
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

  var seqOf = (activity) => Number((/\|(\d+)$/.exec(activity.id || '') || [])[1] || 0);
  var isOpen = () => panel.classList.contains('rd-open');

  /* Unread messages: bot messages newer than the last one seen with the panel open. */
  function incoming(activity) {
    var seq = seqOf(activity);
    if (activity.from && activity.from.role === 'bot' && activity.type === 'message') {
      if (activity.locale) setLanguage(/^en/i.test(activity.locale) ? 'en' : 'zh');
      if (!isOpen() && seq > seen) {
        unread += 1;
        showUnread();
      }
    }
    if (isOpen() && seq > seen) markSeen(seq);
  }
  function markSeen(seq) {
    seen = Math.max(seen, seq);
    if (conversationId) storage.set(`seen:${conversationId}`, String(seen));
  }
  function showUnread() {
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.classList.toggle('rd-on', unread > 0);
    button.setAttribute('aria-label', unread > 0 ? `${t().title}, ${t().unread(unread)}` : t().title);
    document.title = unread > 0 ? t().cue(unread) + pageTitle : pageTitle;
  }

  /* The connection banner follows the Direct Line connection (and failed posts); a blip of under 2 s shows nothing. */
  var offlineTimer = null;
  var events = [];
  function setOnline(value, why) {
    events.push(`${Math.round(performance.now())} ${value ? 'online' : 'offline'} ${why}`);
    if (events.length > 20) events.shift();
    if (value === online) return;
    online = value;
    clearTimeout(offlineTimer);
    if (!value && wasOnline) {
      offlineTimer = setTimeout(() => {
        if (online) return;
        banner.classList.remove('rd-ok');
        banner.textContent = t().offline;
        banner.classList.add('rd-on');
      }, 2000);
    } else if (value && banner.classList.contains('rd-on')) {
      banner.textContent = t().back;
      banner.classList.add('rd-ok');
      setTimeout(() => {
        if (online) banner.classList.remove('rd-on', 'rd-ok');
      }, 4000);
    }
    if (value) wasOnline = true;
  }

  /* Retrying a failed message posts a new copy; once it is delivered the failed copy goes. */
  var retried = [];
  var retryOf = {};
  function dropFailedCopy(clientActivityID) {
    var activity = store
      .getState()
      .activities.find((a) => a.channelData && a.channelData.clientActivityID === clientActivityID);
    if (!activity) return;
    var id = `rd-retried-${clientActivityID}`;
    store.dispatch({
      type: 'DIRECT_LINE/POST_ACTIVITY_PENDING',
      meta: { clientActivityID: clientActivityID, method: 'code' },
      payload: { activity: Object.assign({}, activity, { id: id }) },
    });
    store.dispatch({ type: 'DIRECT_LINE/DELETE_ACTIVITY', payload: { activityID: id } });
  }

  function middleware() {
    return (next) => (action) => {
      var payload = action.payload || {};
      var meta = action.meta || {};
      switch (action.type) {
        case 'DIRECT_LINE/CONNECT_FULFILLED':
          setOnline(true, action.type);
          break;
        case 'DIRECT_LINE/UPDATE_CONNECTION_STATUS':
        case 'DIRECT_LINE/CONNECTION_STATUS_UPDATE':
          // 2 online; 1 connecting; 3 token expired; 4 failed to connect; 5 ended
          if (payload.connectionStatus === 2) setOnline(true, 'status 2');
          if (payload.connectionStatus === 3 || payload.connectionStatus === 4) {
            setOnline(false, `status ${payload.connectionStatus}`);
            reconnectSoon();
          }
          break;
        case 'DIRECT_LINE/INCOMING_ACTIVITY':
          // Not a sign of life: Web Chat hands over queued activities after the socket has gone.
          if (payload.activity) incoming(payload.activity);
          break;
        case 'DIRECT_LINE/POST_ACTIVITY': {
          const earlier = payload.activity?.channelData?.clientActivityID;
          if (earlier) retried.push(earlier);
          break;
        }
        case 'DIRECT_LINE/POST_ACTIVITY_PENDING':
          if (meta.method !== 'code' && retried.length > 0) retryOf[meta.clientActivityID] = retried.shift();
          break;
        case 'DIRECT_LINE/POST_ACTIVITY_FULFILLED':
          setOnline(true, action.type);
          break;
        case 'DIRECT_LINE/POST_ACTIVITY_REJECTED':
          setOnline(false, action.type);
          reconnectSoon();
          break;
        default:
          break;
      }
      var result = next(action);
      if (action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED' && retryOf[meta.clientActivityID]) {
        const old = retryOf[meta.clientActivityID];
        delete retryOf[meta.clientActivityID];
        dropFailedCopy(old);
      }
      return result;
    };
  }

  function styleOptions() {
    return {
      accent: accent,
      bubbleFromUserBackground: accent,
      bubbleFromUserTextColor: accentText,
      bubbleFromUserBorderColor: accent,
      bubbleBorderRadius: 10,
      bubbleFromUserBorderRadius: 10,
      botAvatarImage: BOT_AVATAR,
      botAvatarInitials: t().bot,
      userAvatarInitials: t().me,
      showAvatarInGroup: 'status',
      hideUploadButton: false,
      uploadAccept: 'image/*,application/pdf',
      sendAttachmentOn: 'attach',
      suggestedActionLayout: 'flow',
      suggestedActionBackgroundColor: '#fff',
      suggestedActionTextColor: accent,
      suggestedActionBorderColor: accent,
      suggestedActionHeight: 44,
      sendBoxHeight: 48,
      bubbleMaxWidth: 320,
      primaryFont: 'system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif',
      subtle: '#595959',
      timestampColor: '#595959',
    };
  }
  /* Web Chat's zh-CN strings mix "1 分钟前" with the browser's "2分钟前". */
  var STRINGS = {
    'zh-CN': { ACTIVITY_STATUS_TIMESTAMP_ONE_MINUTE_AGO: '1分钟前', ACTIVITY_STATUS_TIMESTAMP_ONE_HOUR_AGO: '1小时前' },
  };

  function render() {
    if (!store || !directLine) return;
    var locale = t().locale;
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: locale,
        overrideLocalizedStrings: STRINGS[locale] || {},
        styleOptions: styleOptions(),
      },
      webchatHost,
    );
  }
  var webchatHost = el('div', { style: 'height:100%' });

  /* The frame (header, placeholder, times, avatars) speaks the conversation's language. */
  function setLanguage(next) {
    if (next === lang) return;
    lang = next;
    heading.textContent = t().title;
    subtitle.textContent = t().subtitle;
    label.textContent = t().title;
    close.setAttribute('aria-label', t().close);
    sheetBack.textContent = t().closeClause;
    panel.setAttribute('lang', t().locale);
    showUnread();
    render();
  }

  /*
   * The Direct Line client keeps reporting "online" while it retries a dropped stream, so the banner
   * also follows the WebSocket itself: closed is offline, (re)opened is online.
   */
  var sockets = [];
  function trackedWebSocket() {
    var Native = window.WebSocket;
    function Tracked(url, protocols) {
      var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
      sockets.push(ws);
      ws.addEventListener('open', () => setOnline(true, 'socket open'));
      ws.addEventListener('close', () => {
        if (!ws.rdEnded) setOnline(false, 'socket closed');
      });
      return ws;
    }
    ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((k) => {
      Tracked[k] = Native[k];
    });
    return Tracked;
  }

  function connect(token) {
    directLine = window.WebChat.createDirectLine({ token: token, domain: `${base}/v3/directline` });
    if (directLine.services) directLine.services.WebSocket = trackedWebSocket();
    directLine.connectionStatus$.subscribe((status) => {
      if (status === 2) setOnline(true, 'client online');
    });
    render();
  }

  function reconnectSoon() {
    if (retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      fetchToken()
        .then((result) => {
          sockets.forEach((ws) => {
            ws.rdEnded = true;
          });
          sockets = [];
          if (directLine && typeof directLine.end === 'function') directLine.end();
          connect(result.token);
        })
        .catch(() => reconnectSoon());
    }, 3000);
  }

  function start() {
    state = 'starting';
    note(t().connecting);
    Promise.all([loadWebChat(), fetchToken()])
      .then((results) => {
        var result = results[1];
        conversationId = result.conversationId || null;
        seen = Number((conversationId && storage.get(`seen:${conversationId}`)) || 0);
        storage.set('started', '1');
        Array.from(chat.children).forEach((c) => {
          if (c !== sheet) chat.removeChild(c);
        });
        chat.insertBefore(webchatHost, sheet);
        store = window.WebChat.createStore({}, middleware);
        connect(result.token);
        state = 'ready';
        if (isOpen()) focusInput();
      })
      .catch((err) => {
        state = 'idle';
        note(t().failed + err.message);
      });
  }

  function focusInput(tries) {
    var input = chat.querySelector('.webchat__send-box-text-box__input');
    if (input) input.focus();
    else if ((tries || 0) < 50) setTimeout(() => focusInput((tries || 0) + 1), 100);
  }

  /* Phones: the panel fills what the keyboard leaves visible, so the input stays above it. */
  function fitViewport() {
    var vv = window.visualViewport;
    var phone = window.matchMedia('(max-width: 479.98px)').matches;
    if (!vv || !phone || !isOpen()) {
      panel.style.top = '';
      panel.style.height = '';
      panel.style.bottom = '';
      return;
    }
    panel.style.top = `${vv.offsetTop}px`;
    panel.style.height = `${vv.height}px`;
    panel.style.bottom = 'auto';
  }
  if (window.visualViewport) {
    window.visualViewport.addEventListener('resize', fitViewport);
    window.visualViewport.addEventListener('scroll', fitViewport);
  }

  function open() {
    panel.classList.add('rd-open');
    fitViewport();
    button.classList.add('rd-covered');
    button.setAttribute('aria-expanded', 'true');
    unread = 0;
    showUnread();
    if (store) {
      markSeen(store.getState().activities.reduce((m, a) => Math.max(m, seqOf(a)), 0));
    }
    if (state === 'idle') start();
    else focusInput();
    openedBefore = true;
  }
  function hide() {
    panel.classList.remove('rd-open');
    button.classList.remove('rd-covered');
    button.setAttribute('aria-expanded', 'false');
    hideSheet();
    if (openedBefore) button.focus();
  }

  /* Clause links open the clause's text inside the panel. */
  var sheetFrom = null;
  function showSheet(link) {
    sheetFrom = link;
    sheetTitle.textContent = link.getAttribute('title') || link.textContent || t().clause;
    sheetBody.textContent = '…';
    sheet.classList.add('rd-on');
    sheetBack.focus();
    var url = new URL(link.href);
    url.searchParams.set('lang', lang);
    fetch(url.toString(), { headers: { Accept: 'application/json' } })
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
      .then((clause) => {
        sheetTitle.textContent = `${clause.id} ${clause.title}`;
        sheetBody.textContent = clause.text;
      })
      .catch(() => {
        window.open(link.href, '_blank', 'noopener');
        hideSheet();
      });
  }
  function hideSheet() {
    if (!sheet.classList.contains('rd-on')) return;
    sheet.classList.remove('rd-on');
    if (sheetFrom && document.contains(sheetFrom)) sheetFrom.focus();
    sheetFrom = null;
  }
  chat.addEventListener(
    'click',
    (event) => {
      var target = event.target;
      var link = target?.closest ? target.closest('a[href*="/webchat/clauses/"]') : null;
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      showSheet(link);
    },
    true,
  );
  /* Picking the same file twice: an input keeps its value and fires no change for the same file. */
  chat.addEventListener(
    'click',
    (event) => {
      var target = event.target;
      if (target?.matches?.('input[type="file"]')) target.value = '';
    },
    true,
  );
  chat.addEventListener('change', (event) => {
    var target = event.target;
    if (target?.matches?.('input[type="file"]')) setTimeout(() => (target.value = ''), 0);
  });
  sheetBack.addEventListener('click', hideSheet);
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    if (sheet.classList.contains('rd-on')) hideSheet();
    else hide();
  });

  button.addEventListener('click', () => {
    if (isOpen()) hide();
    else open();
  });
  close.addEventListener('click', hide);
  window.RefundDesk = {
    open: open,
    close: hide,
    status: () => ({ online: online, unread: unread, lang: lang, state: state, events: events.slice() }),
  };
  if (script.getAttribute('data-open') === 'true') open();
  // A buyer who chatted before hears about decisions while the panel is closed, on any page.
  else if (storage.get('started') === '1' && tokenUrl) start();
})();
