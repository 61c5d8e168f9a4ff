import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ConversationDetail, DraftMode, PutDraft, ReplyAttachment } from '../../../../../shared/index.js';
import type { MacroActions } from '../../../../../shared/macros.js';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { useCan } from '../../auth/permissions.js';
import { useSession } from '../../auth/session-store.js';
import { useComposingSignal } from '../../collision/index.js';
import { useProfile } from '../../customers/hooks.js';
import { useConversationChange, useDirectory } from '../../inbox/hooks.js';
import { createComposerApi, type ComposerChannel } from '../api.js';
import { useChatTyping, useVisitorIsTyping, useWidgetChat } from '../chat.js';
import { useDraftAutosave, useMentionable, useReplies, useSavedDraft } from '../hooks.js';
import { composerKeys } from '../keys.js';
import { CHANNEL_WORD, SEND_WORD, insertMention, mentionChoices, mentionedIds, mentionQuery, recipientWords } from '../words.js';
import { AttachmentPicker } from './AttachmentPicker.js';
import { CallLogForm } from './CallLogForm.js';
import { ChangedSince, useChangedSince } from './ChangedSince.js';
import { MacroPicker } from './MacroPicker.js';
import { MacroActionChips } from './MacroActionChips.js';
import { SentLog } from './SentLog.js';
import '../composer.css';

const newKey = () => `cmp-${crypto.randomUUID()}`;

/** The reply / note composer under a conversation's header (only for those who work conversations). */
export function Composer({ detail }: { detail: ConversationDetail }) {
  const canWork = useCan('conversation.work');
  if (!canWork) return null;
  // A fresh composer per conversation: its drafts are loaded from the hub, nothing leaks across.
  return <ComposerBody key={detail.conversation.id} detail={detail} />;
}

function ComposerBody({ detail }: { detail: ConversationDetail }) {
  const c = detail.conversation;
  const api = useFeatureApi(createComposerApi);
  const qc = useQueryClient();
  const me = useSession((s) => s.user);
  const profile = useProfile(c.customerId).data;
  const replies = useReplies(c.id);
  const change = useConversationChange();
  const dir = useDirectory();
  const people = useMentionable();

  const [mode, setMode] = useState<DraftMode>('reply');
  const [texts, setTexts] = useState<Record<DraftMode, string>>({ reply: '', note: '' });
  // A mode is saved once the agent changed something in it (never just for having loaded it).
  const [touched, setTouched] = useState<Record<DraftMode, boolean>>({ reply: false, note: false });
  const [channelChoice, setChannelChoice] = useState<ComposerChannel | null>(null);
  const [toChoice, setToChoice] = useState<string | null>(null);
  const [attachments, setAttachments] = useState<ReplyAttachment[]>([]);
  const [actions, setActions] = useState<MacroActions>({});
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [macrosOpen, setMacrosOpen] = useState(false);
  // "Log call" mode (CallLogForm): record a call's outcome and notes on this conversation.
  const [loggingCall, setLoggingCall] = useState(false);
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const keys = useRef<Record<DraftMode, string>>({ reply: newKey(), note: newKey() });
  const area = useRef<HTMLTextAreaElement>(null);

  // Drafts from the hub, once per opening (a reload, another conversation, another device).
  const replyDraft = useSavedDraft(c.id, 'reply');
  const noteDraft = useSavedDraft(c.id, 'note');
  const restored = useRef({ reply: false, note: false });
  useEffect(() => {
    for (const [m, q] of [['reply', replyDraft], ['note', noteDraft]] as const) {
      if (restored.current[m] || q.isLoading) continue;
      restored.current[m] = true;
      const d = q.data;
      if (!d || d.text === '') continue;
      setTexts((t) => (t[m] === '' ? { ...t, [m]: d.text } : t));
      if (m === 'reply') {
        if (d.channel) setChannelChoice(d.channel);
        if (d.to) setToChoice(d.to);
      }
      // Only a note was being written: open on it.
      if (m === 'note' && !replyDraft.isLoading && !replyDraft.data?.text) setMode('note');
    }
  }, [replyDraft, noteDraft]);

  // A chat conversation is answered in the visitor's widget chat when it has one (not a chat from another connector).
  const widgetChat = useWidgetChat(c.id, c.channels.includes('chat'));
  const hasChat = Array.isArray(widgetChat.data);
  // Where a reply goes: the channels the customer can be reached on, defaulting to the one they wrote on.
  const masked = profile?.pii?.masked ?? false;
  const reachable = useMemo(() => {
    const out: { channel: ComposerChannel; addresses: string[] }[] = [];
    if (hasChat) out.push({ channel: 'chat', addresses: [] });
    if (profile?.emails.length) out.push({ channel: 'email', addresses: profile.emails });
    if (profile?.phones.length) out.push({ channel: 'sms', addresses: profile.phones });
    return out;
  }, [profile, hasChat]);
  const lastWritten = [...c.channels].reverse().find((ch): ch is ComposerChannel => ch === 'email' || ch === 'sms' || (ch === 'chat' && hasChat));
  const channel: ComposerChannel | null = channelChoice ?? (reachable.some((r) => r.channel === lastWritten) ? lastWritten! : (reachable[0]?.channel ?? lastWritten ?? null));
  const addresses = reachable.find((r) => r.channel === channel)?.addresses ?? [];
  const to = toChoice && addresses.includes(toChoice) ? toChoice : (addresses[0] ?? null);

  const composing = useComposingSignal(c.customerId, channel ?? 'email', c.id);
  const chatTyping = useChatTyping(c.id, channel === 'chat');
  const visitorTyping = useVisitorIsTyping(c.id);
  const replyText = texts.reply;
  const noteText = texts.note;
  const replyDraftBody = useMemo<PutDraft | null>(() => (touched.reply ? { text: replyText, ...(channel ? { channel } : {}), ...(to && !masked && channel !== 'chat' ? { to } : {}) } : null), [touched.reply, replyText, channel, to, masked]);
  const noteDraftBody = useMemo<PutDraft | null>(() => (touched.note ? { text: noteText } : null), [touched.note, noteText]);
  const autosave = { reply: useDraftAutosave(c.id, 'reply', replyDraftBody), note: useDraftAutosave(c.id, 'note', noteDraftBody) };
  const text = texts[mode];
  const changed = useChangedSince(c, replies.data, me?.id ?? null, texts.reply.trim() !== '' || texts.note.trim() !== '');

  const setText = (value: string, at?: number) => {
    setTexts((t) => ({ ...t, [mode]: value }));
    setTouched((t) => ({ ...t, [mode]: true }));
    if (at !== undefined) setCaret(at);
    if (mode === 'reply') {
      composing.onTyping();
      chatTyping.onTyping();
    }
    setError('');
    setConfirming(false);
  };

  const query = mode === 'note' ? mentionQuery(text, caret) : null;
  const choices = query === null ? [] : mentionChoices(people, query);

  const chooseMention = (i: number) => {
    const person = choices[i];
    if (!person) return;
    const r = insertMention(text, caret, person);
    setText(r.text, r.caret);
    requestAnimationFrame(() => {
      const el = area.current;
      // Only if nothing was typed since: a key pressed before this frame already went where the caret was, and moving
      // the caret back now would put the rest of the words before it.
      if (el && el.value === r.text) el.setSelectionRange(r.caret, r.caret);
    });
  };

  async function send(force = false) {
    const body = text.trim();
    if (body === '' || sending) return;
    // A live chat moves while one types (the visitor's messages are on screen): only a colleague's answer stops the send.
    const blocking = mode === 'reply' && channel === 'chat' ? changed.items.filter((i) => i.kind === 'reply') : changed.items;
    if (!force && blocking.length > 0) {
      setConfirming(true);
      return;
    }
    setSending(true);
    setError('');
    try {
      if (mode === 'reply') {
        if (!channel) throw new Error('This customer has no email address or phone number to reply to');
        if (channel === 'chat') {
          await api.chatReply(c.id, { idempotencyKey: keys.current.reply, text: body });
          chatTyping.stop();
          void qc.invalidateQueries({ queryKey: composerKeys.chat(c.id) });
        } else await api.reply(c.id, { idempotencyKey: keys.current.reply, channel, ...(to && !masked ? { to } : {}), text: body, ...(channel === 'email' && attachments.length ? { attachments } : {}) });
        composing.stop();
        setAttachments([]);
        void qc.invalidateQueries({ queryKey: composerKeys.replies(c.id) });
      } else {
        await api.note(c.id, { idempotencyKey: keys.current.note, text: body, mentions: mentionedIds(body, people) });
        void qc.invalidateQueries({ queryKey: composerKeys.notes(c.id) });
      }
      const patch = actionPatch(actions, c.tags);
      if (patch) change.mutate({ ids: [c.id], patch }, { onError: (err) => setError(`Sent, but the macro’s changes failed: ${describeError(err)}`) });
      setActions({});
      keys.current[mode] = newKey();
      await autosave[mode].discard();
      setTexts((t) => ({ ...t, [mode]: '' }));
      setTouched((t) => ({ ...t, [mode]: false }));
      setConfirming(false);
      changed.reset();
    } catch (err) {
      // The same key goes again on the next try: the hub answers the first result instead of sending twice.
      setError(describeError(err));
    } finally {
      setSending(false);
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (choices.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setPick((p) => (p + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        chooseMention(Math.min(pick, choices.length - 1));
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  const isNote = mode === 'note';
  return (
    <section className={`composer ${isNote ? 'is-note' : 'is-reply'}`} aria-label="Write to this conversation" data-testid="composer">
      <div className="composer-bar">
        <div className="composer-modes" role="tablist" aria-label="Reply or internal note">
          {(['reply', 'note'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              className={`composer-mode is-${m}`}
              data-testid={`composer-mode-${m}`}
              onClick={() => {
                setMode(m);
                setConfirming(false);
                area.current?.focus();
              }}
            >
              {m === 'reply' ? 'Reply' : 'Note'}
              {mode !== m && texts[m].trim() !== '' && (
                <span className="composer-mode-draft" title="Unsent draft">
                  {' '}
                  •<span className="visually-hidden"> (unsent draft)</span>
                </span>
              )}
            </button>
          ))}
        </div>
        <p className="composer-target" data-testid="composer-target">
          {isNote ? (
            <span className="composer-internal">Internal note: only your team sees it, never the customer</span>
          ) : channel ? (
            <>
              <span className="composer-public">Public reply</span>
              <span className={`composer-channel ch-${channel}`}>
                by{' '}
                {reachable.length > 1 ? (
                  <select aria-label="Channel" data-testid="composer-channel" value={channel} onChange={(e) => {
                      setChannelChoice(e.target.value as ComposerChannel);
                      setToChoice(null);
                      setTouched((t) => ({ ...t, reply: true }));
                    }}>
                    {reachable.map((r) => (
                      <option key={r.channel} value={r.channel}>
                        {CHANNEL_WORD[r.channel]}
                      </option>
                    ))}
                  </select>
                ) : (
                  CHANNEL_WORD[channel]
                )}
              </span>
              <span className="composer-recipient" data-testid="composer-recipient">
                to{' '}
                {channel === 'chat' ? (
                  recipientWords(channel, '')
                ) : addresses.length > 1 && !masked ? (
                  <select
                    aria-label="Recipient"
                    value={to ?? ''}
                    onChange={(e) => {
                      setToChoice(e.target.value);
                      setTouched((t) => ({ ...t, reply: true }));
                    }}
                  >
                    {addresses.map((a) => (
                      <option key={a} value={a}>
                        {recipientWords(channel, a)}
                      </option>
                    ))}
                  </select>
                ) : to ? (
                  recipientWords(channel, to)
                ) : (
                  'the address they wrote from'
                )}
              </span>
            </>
          ) : (
            <span className="composer-none">This customer has no email address or phone number to reply to</span>
          )}
        </p>
        <button type="button" className="btn btn-small composer-log-call" data-testid="composer-log-call" aria-pressed={loggingCall} onClick={() => setLoggingCall((o) => !o)}>
          Log call
        </button>
        <button type="button" className="btn btn-small" data-testid="composer-macros" aria-expanded={macrosOpen} onClick={() => setMacrosOpen((o) => !o)}>
          Macros…
        </button>
      </div>
      {loggingCall && (
        <CallLogForm
          conversationId={c.id}
          onClose={() => {
            setLoggingCall(false);
            area.current?.focus();
          }}
        />
      )}
      {macrosOpen && (
        <MacroPicker
          conversationId={c.id}
          onClose={() => {
            setMacrosOpen(false);
            area.current?.focus();
          }}
          onInsert={(macroText, macroActions) => {
            setText(text.trim() === '' ? macroText : `${text.replace(/\s+$/, '')}\n\n${macroText}`);
            setActions(macroActions);
            setMacrosOpen(false);
            area.current?.focus();
          }}
        />
      )}
      <ChangedSince items={changed.items} nameOf={dir.nameOf} onAcknowledge={changed.reset} />
      <div className="composer-edit">
        <textarea
          ref={area}
          className="composer-text"
          data-testid="composer-text"
          aria-label={isNote ? 'Internal note (@ to mention a teammate)' : 'Reply to the customer'}
          placeholder={isNote ? 'Note for the team… type @ to mention someone' : 'Write your reply…'}
          rows={3}
          value={text}
          onChange={(e) => {
            setPick(0);
            setText(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          aria-controls={choices.length > 0 ? 'composer-mentions' : undefined}
        />
        {choices.length > 0 && (
          <ul className="composer-mentions" id="composer-mentions" role="listbox" aria-label="Mention a teammate" data-testid="composer-mentions">
            {choices.map((p, i) => (
              <li key={p.id} role="option" aria-selected={i === pick} className={i === pick ? 'is-picked' : ''} onMouseDown={(e) => (e.preventDefault(), chooseMention(i))}>
                @{p.name}
              </li>
            ))}
          </ul>
        )}
      </div>
      <MacroActionChips actions={actions} onClear={() => setActions({})} />
      {error && (
        <p className="error composer-error" role="alert" data-testid="composer-error">
          {error}
        </p>
      )}
      <div className="composer-foot">
        {mode === 'reply' && channel === 'email' && <AttachmentPicker attachments={attachments} onChange={setAttachments} onError={setError} />}
        {hasChat && (
          <span className="composer-typing" aria-live="polite" data-testid="composer-visitor-typing">
            {visitorTyping ? 'Customer is typing…' : ''}
          </span>
        )}
        <span className="composer-hint muted">Ctrl+Enter sends · drafts are saved as you type</span>
        {confirming ? (
          <span className="composer-confirm" role="alert">
            The conversation changed since you started writing.
            <button type="button" className="btn btn-small btn-primary" data-testid="composer-send-anyway" onClick={() => void send(true)}>
              Send anyway
            </button>
            <button type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
              Not yet
            </button>
          </span>
        ) : (
          <button type="button" className={`btn btn-small composer-send ${isNote ? 'is-note' : 'btn-primary'}`} data-testid="composer-send" disabled={sending || text.trim() === '' || (!isNote && !channel)} onClick={() => void send()}>
            {sending ? 'Sending…' : isNote ? 'Add note' : channel ? SEND_WORD[channel] : 'Send'}
          </button>
        )}
      </div>
      <SentLog conversationId={c.id} replies={replies.data ?? []} nameOf={dir.nameOf} />
    </section>
  );
}

/** A macro's actions as a conversation change (tags are added to what is there). */
function actionPatch(a: MacroActions, tags: readonly string[]) {
  const patch: { status?: 'open' | 'pending' | 'solved'; priority?: MacroActions['priority']; tags?: string[] } = {};
  if (a.status) patch.status = a.status;
  if (a.priority) patch.priority = a.priority;
  if (a.addTags?.length) patch.tags = [...new Set([...tags, ...a.addTags])].slice(0, 20);
  return Object.keys(patch).length > 0 ? patch : null;
}
