import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EMAIL_FORM_JS } from './widget-client-email-form.js';

/*
 * The widget's browser code, served as ONE self-contained script at /widget/chat.js: socket.io's own client
 * bundle, then this file's code. Plain ES5-ish JavaScript in a string, so it is served the same way under tsx,
 * vitest and the built hub (no browser build step). Untrusted text only ever goes through textContent.
 * Styles are set through element.style (the CSSOM), which a strict page CSP still allows.
 */
const WIDGET_JS = String.raw`
(function () {
  'use strict';
  if (window.OmniChatWidget) return;
  var me = document.currentScript;
  var hub = me && me.src ? new URL(me.src).origin : location.origin;
  var KEY = 'omniWidget:' + hub;
  var state = {};
  try { state = JSON.parse(localStorage.getItem(KEY) || '{}') || {}; } catch (e) { state = {}; }
  if (!Array.isArray(state.pending)) state.pending = [];
  function save() { try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: this page only */ } }
  var shown = {}; var lastSeq = 0; var socket = null; var typingTimer = null; var typingSentAt = 0; var idleTimer = null;

  function el(tag, props, style) {
    var n = document.createElement(tag);
    if (props) for (var k in props) { if (k === 'text') n.textContent = props[k]; else n.setAttribute(k, props[k]); }
    if (style) for (var s in style) n.style[s] = style[s];
    return n;
  }
  var BLUE = '#1d4ed8';
  var root = el('div', { 'data-omni-widget': '' }, { position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483000', display: 'flex', flexDirection: 'column', alignItems: 'flex-end', font: '15px/1.4 system-ui, sans-serif', color: '#111827' });
  var launcher = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'omni-chat-panel', text: 'Chat with us' }, { background: BLUE, color: '#fff', border: '0', borderRadius: '999px', padding: '10px 18px', font: 'inherit', cursor: 'pointer' });
  var panel = el('section', { id: 'omni-chat-panel', 'aria-label': 'Chat with us', hidden: '' }, { width: '340px', maxWidth: 'calc(100vw - 32px)', height: '460px', maxHeight: 'calc(100vh - 90px)', background: '#fff', border: '1px solid #d1d5db', borderRadius: '10px', boxShadow: '0 8px 24px rgba(0,0,0,.18)', display: 'flex', flexDirection: 'column', overflow: 'hidden', marginBottom: '8px' });
  var head = el('div', null, { display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: BLUE, color: '#fff', padding: '8px 12px' });
  head.appendChild(el('h2', { text: 'Chat with us' }, { font: '600 16px/1.3 system-ui, sans-serif', margin: '0' }));
  var close = el('button', { type: 'button', 'aria-label': 'Close chat', text: '×' }, { background: 'transparent', color: '#fff', border: '0', fontSize: '22px', cursor: 'pointer', lineHeight: '1' });
  head.appendChild(close);
  var status = el('p', { role: 'status' }, { margin: '0', padding: '0 12px', fontSize: '13px', color: '#92400e' });
  var log = el('div', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' }, { flex: '1', overflowY: 'auto', padding: '8px 12px' });
  var typing = el('p', { 'aria-live': 'polite' }, { margin: '0', padding: '0 12px', minHeight: '20px', fontSize: '13px', color: '#4b5563' });

  var intro = el('form', { 'aria-label': 'Start a chat' }, { padding: '12px', display: 'flex', flexDirection: 'column', gap: '6px' });
  intro.appendChild(el('p', { text: 'Leave your email or phone so we can find your orders (optional).' }, { margin: '0 0 4px' }));
  function field(form, label, type, name, auto) {
    var id = 'omni-chat-' + name;
    form.appendChild(el('label', { for: id, text: label }, { fontSize: '13px' }));
    var input = el('input', { id: id, type: type, name: name, autocomplete: auto }, { font: 'inherit', padding: '6px 8px', border: '1px solid #6b7280', borderRadius: '6px' });
    form.appendChild(input);
    return input;
  }
  var nameIn = field(intro, 'Name', 'text', 'name', 'name');
  var emailIn = field(intro, 'Email', 'email', 'email', 'email');
  var phoneIn = field(intro, 'Phone', 'tel', 'phone', 'tel');
  intro.appendChild(el('button', { type: 'submit', text: 'Start chat' }, { marginTop: '6px', background: BLUE, color: '#fff', border: '0', borderRadius: '6px', padding: '8px', font: 'inherit', cursor: 'pointer' }));

  var composer = el('form', { 'aria-label': 'Send a message', hidden: '' }, { display: 'flex', gap: '6px', padding: '8px 12px', borderTop: '1px solid #e5e7eb' });
  var textLabel = el('label', { for: 'omni-chat-text', text: 'Message' }, { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' });
  var text = el('textarea', { id: 'omni-chat-text', rows: '2', maxlength: '4000', placeholder: 'Type a message' }, { flex: '1', font: 'inherit', padding: '6px 8px', border: '1px solid #6b7280', borderRadius: '6px', resize: 'none' });
  var send = el('button', { type: 'submit', text: 'Send' }, { background: BLUE, color: '#fff', border: '0', borderRadius: '6px', padding: '0 14px', font: 'inherit', cursor: 'pointer' });
  composer.appendChild(textLabel); composer.appendChild(text); composer.appendChild(send);
${EMAIL_FORM_JS}
  panel.appendChild(head); panel.appendChild(status); panel.appendChild(log); panel.appendChild(typing); panel.appendChild(intro); panel.appendChild(later); panel.appendChild(composer);
  root.appendChild(panel); root.appendChild(launcher);
  (document.body || document.documentElement).appendChild(root);

  function open(on) {
    if (on) panel.removeAttribute('hidden'); else panel.setAttribute('hidden', '');
    panel.style.display = on ? 'flex' : 'none';
    launcher.setAttribute('aria-expanded', on ? 'true' : 'false');
    state.open = on; save();
    if (on) (state.chatId ? text : nameIn).focus(); else launcher.focus();
  }
  panel.style.display = 'none';
  launcher.addEventListener('click', function () { open(panel.hasAttribute('hidden')); });
  close.addEventListener('click', function () { open(false); });
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') open(false); });

  function bubble(m, pending) {
    var mine = m.from === 'customer';
    var b = el('div', { 'data-seq': pending ? '' : String(m.seq), 'data-client-id': m.clientId, 'data-from': m.from }, { margin: '6px 0', display: 'flex', flexDirection: 'column', alignItems: mine ? 'flex-end' : 'flex-start' });
    b.appendChild(el('span', { text: mine ? 'You' : m.author }, { fontSize: '12px', color: '#4b5563' }));
    var p = el('p', null, { margin: '2px 0 0', padding: '6px 10px', borderRadius: '10px', maxWidth: '85%', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', background: mine ? '#dbeafe' : '#f3f4f6' });
    p.textContent = m.text;
    b.appendChild(p);
    if (pending) b.appendChild(el('span', { 'data-pending': '', text: 'Sending…' }, { fontSize: '12px', color: '#4b5563' }));
    return b;
  }
  function show(m) {
    if (shown[m.seq]) return;
    shown[m.seq] = true;
    if (m.seq > lastSeq) lastSeq = m.seq;
    var old = log.querySelector('[data-seq=""][data-client-id="' + m.clientId.replace(/[^A-Za-z0-9_-]/g, '') + '"]');
    if (old) old.remove();
    var b = bubble(m, false);
    var after = null;
    var all = log.querySelectorAll('[data-seq]');
    for (var i = 0; i < all.length; i++) { var s = Number(all[i].getAttribute('data-seq')); if (s > m.seq) { after = all[i]; break; } }
    log.insertBefore(b, after);
    if (m.from === 'agent') { typing.textContent = ''; }
    log.scrollTop = log.scrollHeight;
  }
  // An agent reply before its commit is durable: unnumbered (data-seq="") until the numbered copy replaces it in show().
  function preview(p) {
    var id = String(p.clientId).replace(/[^A-Za-z0-9_-]/g, '');
    if (log.querySelector('[data-client-id="' + id + '"]')) return;
    var b = bubble(p, true);
    var s = b.querySelector('[data-pending]'); if (s) s.remove();
    b.setAttribute('data-preview', '');
    log.appendChild(b);
    if (p.from === 'agent') { typing.textContent = ''; }
    log.scrollTop = log.scrollHeight;
  }
  function dropPreviews(clientId) {
    var sel = '[data-preview]' + (clientId ? '[data-client-id="' + String(clientId).replace(/[^A-Za-z0-9_-]/g, '') + '"]' : '');
    var all = log.querySelectorAll(sel);
    for (var i = 0; i < all.length; i++) all[i].remove();
  }
  function dropPending(clientId) {
    state.pending = state.pending.filter(function (p) { return p.clientId !== clientId; }); save();
  }
  function emitPending(p) {
    if (!socket || !socket.connected) return;
    socket.timeout(15000).emit('widget:send', { clientId: p.clientId, text: p.text }, function (err, ack) {
      if (err) return; // no answer: sent again on the next connection (same clientId, so never twice)
      if (ack && ack.ok) { dropPending(p.clientId); show(ack.message); }
      else if (ack && ack.error) {
        if (ack.error.code === 'rate_limited') { setTimeout(function () { emitPending(p); }, 2000); return; }
        dropPending(p.clientId);
        var b = log.querySelector('[data-seq=""][data-client-id="' + p.clientId + '"] [data-pending]');
        if (b) b.textContent = 'Not sent: ' + ack.error.message;
      }
    });
  }
  function auth(cb) {
    var a = { lastSeq: lastSeq };
    ['chatId', 'token', 'email', 'phone', 'name'].forEach(function (k) { if (state[k]) a[k] = state[k]; });
    cb(a);
  }
  function connect() {
    if (socket) return;
    socket = window.io(hub + '/widget', { path: '/socket.io', transports: ['websocket'], auth: auth });
    socket.on('widget:welcome', function (w) {
      status.textContent = '';
      state.chatId = w.chatId; state.token = w.token; save();
      // The history is the durable truth: a preview it lacks was never stored (its sender sends it again).
      dropPreviews();
      w.messages.forEach(show);
      state.pending.forEach(emitPending);
    });
    socket.on('widget:message', function (m) { show(m); if (m.from === 'customer') dropPending(m.clientId); });
    socket.on('widget:preview', preview);
    socket.on('widget:retract', function (r) { if (r && r.clientId) dropPreviews(r.clientId); });
    socket.on('widget:typing', function (t) {
      clearTimeout(typingTimer);
      typing.textContent = t.typing ? (t.author || 'Support') + ' is typing…' : '';
      if (t.typing) typingTimer = setTimeout(function () { typing.textContent = ''; }, 8000);
    });
    socket.on('disconnect', function () { status.textContent = 'Reconnecting…'; });
    socket.on('connect_error', function () {
      status.textContent = 'Reconnecting…';
      // Refused by the hub (not a network error): socket.io does not retry those by itself.
      if (!socket.active) setTimeout(function () { socket.connect(); }, 2000);
    });
  }
  function started() { intro.setAttribute('hidden', ''); intro.style.display = 'none'; composer.removeAttribute('hidden'); composer.style.display = 'flex'; offerLater(); }
  intro.addEventListener('submit', function (e) {
    e.preventDefault();
    if (nameIn.value.trim()) state.name = nameIn.value.trim();
    if (emailIn.value.trim()) state.email = emailIn.value.trim();
    if (phoneIn.value.trim()) state.phone = phoneIn.value.trim();
    save(); started(); connect(); text.focus();
  });
  composer.addEventListener('submit', function (e) {
    e.preventDefault();
    var t = text.value;
    if (!t.trim()) return;
    var id = 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
    var p = { clientId: id, text: t };
    state.pending.push(p); save();
    log.appendChild(bubble({ clientId: id, text: t, from: 'customer' }, true));
    log.scrollTop = log.scrollHeight;
    text.value = '';
    stopTyping();
    emitPending(p);
  });
  text.addEventListener('keydown', function (e) { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); composer.requestSubmit(); } });
  function stopTyping() { clearTimeout(idleTimer); if (typingSentAt && socket && socket.connected) socket.emit('widget:typing', { typing: false }); typingSentAt = 0; }
  text.addEventListener('input', function () {
    if (!socket || !socket.connected) return;
    var now = Date.now();
    if (now - typingSentAt > 2500) { socket.emit('widget:typing', { typing: true }); typingSentAt = now; }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, 3000);
  });
  // Pending messages of an earlier page: shown until the hub confirms them.
  state.pending.forEach(function (p) { log.appendChild(bubble({ clientId: p.clientId, text: p.text, from: 'customer' }, true)); });
  if (state.chatId) { started(); connect(); }
  if (state.open) open(true);
  // The shop (or the page's own form) passes an email or phone the visitor gives mid-chat; kept for reconnects.
  function identify(v, cb) {
    var given = {};
    ['email', 'phone', 'name'].forEach(function (k) { if (v && typeof v[k] === 'string' && v[k].trim()) given[k] = v[k].trim(); });
    if (!socket || !socket.connected) { Object.assign(state, given); save(); if (cb) cb({ ok: false, error: { code: 'offline', message: 'not connected: sent on the next connection' } }); return; }
    socket.timeout(15000).emit('widget:identify', given, function (err, ack) {
      if (!err && ack && ack.ok) { Object.assign(state, given); save(); }
      if (cb) cb(err ? { ok: false, error: { code: 'timeout', message: 'no answer' } } : ack);
    });
  }
  window.OmniChatWidget = { open: function () { open(true); }, identify: identify };
})();
`;

let cached: string | null = null;

/** socket.io's browser client (its own dist bundle) followed by the widget: one file, no other request. */
export function widgetScript(): string {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const client = readFileSync(join(dirname(require.resolve('socket.io-client/package.json')), 'dist', 'socket.io.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  cached = `${client}\n${WIDGET_JS}`;
  return cached;
}
