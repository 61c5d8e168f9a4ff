/*
 * The widget's "leave your email so we can reply later" form, a fragment of the widget's browser code
 * (widget-client.ts splices it into its closure: it uses el, BLUE, state, identify). Shown once a chat runs
 * without an email; it sends `widget:identify`, which the hub writes as a `chat.identified` item on the
 * chat's customer. Keyboard: a real button opens it and focuses the field, Enter saves, Escape or "Not now"
 * closes it and gives focus back. Checked before sending; every error is a sentence tied to the field
 * (aria-describedby, aria-invalid) and focus goes back to the field.
 */
export const EMAIL_FORM_JS = String.raw`
  var later = el('div', { 'data-omni-later': '', hidden: '' }, { display: 'none', padding: '6px 12px', borderTop: '1px solid #e5e7eb', fontSize: '14px' });
  var laterToggle = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'omni-chat-later', text: 'Leave your email so we can reply later' }, { background: 'transparent', border: '0', padding: '2px 0', color: BLUE, textDecoration: 'underline', font: 'inherit', cursor: 'pointer', textAlign: 'left' });
  var laterForm = el('form', { id: 'omni-chat-later', 'aria-label': 'Leave your email', novalidate: '', hidden: '' }, { display: 'none', flexDirection: 'column', gap: '4px', marginTop: '4px' });
  laterForm.appendChild(el('label', { for: 'omni-chat-later-email', text: 'Your email' }, { fontSize: '13px' }));
  var laterEmail = el('input', { id: 'omni-chat-later-email', type: 'email', name: 'email', autocomplete: 'email', maxlength: '320', 'aria-describedby': 'omni-chat-later-error' }, { font: 'inherit', padding: '6px 8px', border: '1px solid #6b7280', borderRadius: '6px' });
  laterForm.appendChild(laterEmail);
  var laterError = el('p', { id: 'omni-chat-later-error', role: 'alert' }, { margin: '0', fontSize: '13px', color: '#b91c1c' });
  laterForm.appendChild(laterError);
  var laterButtons = el('div', null, { display: 'flex', gap: '8px' });
  var laterSave = el('button', { type: 'submit', text: 'Save email' }, { background: BLUE, color: '#fff', border: '0', borderRadius: '6px', padding: '6px 12px', font: 'inherit', cursor: 'pointer' });
  var laterCancel = el('button', { type: 'button', text: 'Not now' }, { background: '#fff', color: '#111827', border: '1px solid #6b7280', borderRadius: '6px', padding: '6px 12px', font: 'inherit', cursor: 'pointer' });
  laterButtons.appendChild(laterSave); laterButtons.appendChild(laterCancel);
  laterForm.appendChild(laterButtons);
  var laterDone = el('p', { role: 'status' }, { margin: '0', overflowWrap: 'anywhere' });
  later.appendChild(laterToggle); later.appendChild(laterForm); later.appendChild(laterDone);
  var laterSaving = false;

  function showLater(on) { if (on) later.removeAttribute('hidden'); else later.setAttribute('hidden', ''); later.style.display = on ? 'block' : 'none'; }
  function laterOpen(on) {
    if (on) laterForm.removeAttribute('hidden'); else laterForm.setAttribute('hidden', '');
    laterForm.style.display = on ? 'flex' : 'none';
    laterToggle.setAttribute('aria-expanded', on ? 'true' : 'false');
    if (on) laterEmail.focus(); else laterToggle.focus();
  }
  function laterFail(words) {
    laterError.textContent = words;
    laterEmail.setAttribute('aria-invalid', 'true');
    laterEmail.focus();
  }
  function laterWords(err) {
    if (!err) return 'Not saved: try again in a moment.';
    if (err.code === 'invalid_request') return 'We could not use that email address. Check it and try again.';
    if (err.code === 'rate_limited') return 'Too many changes at once. Wait a moment, then try again.';
    if (err.code === 'timeout') return 'No answer from us. Check your connection and try again.';
    return 'Not saved: try again in a moment.';
  }
  /** After a chat starts without an email: offer the form (once an email is known it is not offered again). */
  function offerLater() { if (!state.email) showLater(true); }
  laterToggle.addEventListener('click', function () { laterOpen(laterForm.hasAttribute('hidden')); });
  laterCancel.addEventListener('click', function () { laterOpen(false); });
  laterForm.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.stopPropagation(); laterOpen(false); } });
  laterEmail.addEventListener('input', function () { if (laterError.textContent) { laterError.textContent = ''; laterEmail.removeAttribute('aria-invalid'); } });
  laterForm.addEventListener('submit', function (e) {
    e.preventDefault();
    if (laterSaving) return;
    var v = laterEmail.value.trim();
    if (!v) return laterFail('Enter your email address.');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v)) return laterFail('That does not look like an email address. Use the form name@example.com.');
    laterSaving = true; laterSave.textContent = 'Saving…'; laterSave.setAttribute('aria-disabled', 'true');
    identify({ email: v }, function (ack) {
      laterSaving = false; laterSave.textContent = 'Save email'; laterSave.removeAttribute('aria-disabled');
      var offline = ack && !ack.ok && ack.error && ack.error.code === 'offline';
      if (!(ack && ack.ok) && !offline) return laterFail(laterWords(ack && ack.error));
      laterError.textContent = ''; laterEmail.removeAttribute('aria-invalid');
      laterForm.setAttribute('hidden', ''); laterForm.style.display = 'none';
      laterToggle.setAttribute('hidden', ''); laterToggle.style.display = 'none';
      laterDone.textContent = offline ? 'Kept: we send your email ' + v + ' as soon as the chat reconnects.' : 'Thanks: if you leave, we reply to ' + v + '.';
      text.focus();
    });
  });
`;
