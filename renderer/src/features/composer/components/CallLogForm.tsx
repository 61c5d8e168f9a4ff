import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CALL_OUTCOME_WORDS, CALL_OUTCOMES, REACHED_CALL_OUTCOMES, type CallDirection, type CallOutcome } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { callLogKeys, createCallLogApi } from '../call-log-api.js';
import '../call-log.css';

const newKey = () => `call-${crypto.randomUUID()}`;

/** A datetime-local value (the agent's own clock) one hour from now, for the callback field. */
function inAnHour(): string {
  const d = new Date(Date.now() + 60 * 60_000);
  d.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The composer's "Log call" mode: an agent records a call they had with the customer (no telephony): who
 * called, the outcome, how long, notes, and when to call back. One POST per log (a retry reuses the key, so a
 * double submit logs once); the call then appears on the timeline live. Escape closes, Ctrl+Enter logs.
 */
export function CallLogForm({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const api = useFeatureApi(createCallLogApi);
  const qc = useQueryClient();
  const [direction, setDirection] = useState<CallDirection>('outbound');
  const [outcome, setOutcome] = useState<CallOutcome>('reached');
  const [minutes, setMinutes] = useState('');
  const [notes, setNotes] = useState('');
  const [callback, setCallback] = useState(inAnHour);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const key = useRef(newKey());
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);
  // An inbound call was answered: only the outcomes where the customer was on the line apply.
  const choices = direction === 'inbound' ? CALL_OUTCOMES.filter((o) => REACHED_CALL_OUTCOMES.has(o)) : CALL_OUTCOMES;
  useEffect(() => {
    if (!choices.includes(outcome)) setOutcome('reached');
  }, [choices, outcome]);

  const { byField, summary } = fieldErrors(error);
  const edited = () => {
    setError(null);
    setDone(null);
  };

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    if (saving) return;
    const mins = minutes.trim() === '' ? undefined : Number(minutes);
    if (mins !== undefined && (!Number.isFinite(mins) || mins < 0)) {
      setError(new Error('The duration is a number of minutes.'));
      return;
    }
    let callbackAt: string | undefined;
    if (outcome === 'callback_requested') {
      const at = new Date(callback);
      if (callback === '' || Number.isNaN(at.getTime())) {
        setError(new Error('Choose when to call the customer back.'));
        return;
      }
      callbackAt = at.toISOString();
    }
    setSaving(true);
    setError(null);
    try {
      await api.logCall(conversationId, {
        idempotencyKey: key.current,
        direction,
        outcome,
        ...(mins !== undefined ? { durationSec: Math.round(mins * 60) } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        ...(callbackAt ? { callbackAt } : {}),
      });
      void qc.invalidateQueries({ queryKey: callLogKeys.list(conversationId) });
      void qc.invalidateQueries({ queryKey: ['conversations'] });
      key.current = newKey();
      setDone(`Call logged: ${CALL_OUTCOME_WORDS[outcome].toLowerCase()}.`);
      setNotes('');
      setMinutes('');
    } catch (err) {
      // The same key goes again on the next try: the hub answers the first log instead of writing twice.
      setError(err);
    } finally {
      setSaving(false);
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  const fieldError = (name: string) =>
    byField[name] ? (
      <span className="call-log-field-error" id={`call-log-err-${name}`}>
        {byField[name]}
      </span>
    ) : null;

  return (
    <form className="call-log" aria-label="Log a call" data-testid="call-log-form" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
      <p className="call-log-title">Log a call with the customer</p>
      <div className="call-log-row">
        <fieldset className="call-log-direction">
          <legend>Who called</legend>
          <label>
            <input ref={first} type="radio" name="call-direction" value="outbound" checked={direction === 'outbound'} onChange={() => (setDirection('outbound'), edited())} data-testid="call-log-outbound" /> I called them
          </label>
          <label>
            <input type="radio" name="call-direction" value="inbound" checked={direction === 'inbound'} onChange={() => (setDirection('inbound'), edited())} data-testid="call-log-inbound" /> They called
          </label>
        </fieldset>
        <label className="call-log-field">
          Outcome
          <select value={outcome} onChange={(e) => (setOutcome(e.target.value as CallOutcome), edited())} data-testid="call-log-outcome" aria-invalid={byField['outcome'] ? true : undefined} aria-describedby={byField['outcome'] ? 'call-log-err-outcome' : undefined}>
            {choices.map((o) => (
              <option key={o} value={o}>
                {CALL_OUTCOME_WORDS[o]}
              </option>
            ))}
          </select>
          {fieldError('outcome')}
        </label>
        <label className="call-log-field">
          Minutes
          <input type="number" min={0} step={1} inputMode="numeric" value={minutes} onChange={(e) => (setMinutes(e.target.value), edited())} data-testid="call-log-minutes" aria-invalid={byField['durationSec'] ? true : undefined} aria-describedby={byField['durationSec'] ? 'call-log-err-durationSec' : undefined} />
          {fieldError('durationSec')}
        </label>
        {outcome === 'callback_requested' && (
          <label className="call-log-field">
            Call back at
            <input type="datetime-local" value={callback} onChange={(e) => (setCallback(e.target.value), edited())} data-testid="call-log-callback" required aria-invalid={byField['callbackAt'] ? true : undefined} aria-describedby={byField['callbackAt'] ? 'call-log-err-callbackAt' : undefined} />
            {fieldError('callbackAt')}
          </label>
        )}
      </div>
      <label className="call-log-field">
        Notes (what was said, what happens next)
        <textarea className="call-log-notes" rows={2} value={notes} onChange={(e) => (setNotes(e.target.value), edited())} data-testid="call-log-notes" aria-invalid={byField['notes'] ? true : undefined} aria-describedby={byField['notes'] ? 'call-log-err-notes' : undefined} />
        {fieldError('notes')}
      </label>
      {summary && (
        <p className="error composer-error" role="alert" data-testid="call-log-error">
          {summary}
        </p>
      )}
      <div className="call-log-foot">
        {done ? (
          <span className="call-log-done" role="status" data-testid="call-log-done">
            {done}
          </span>
        ) : (
          <span className="call-log-sla">{REACHED_CALL_OUTCOMES.has(outcome) ? 'Counts as your response to the customer' : 'Does not count as a response: the customer still waits'}</span>
        )}
        <span className="composer-hint muted">Ctrl+Enter logs · Esc closes</span>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
        <button type="submit" className="btn btn-small btn-primary" disabled={saving} data-testid="call-log-submit">
          {saving ? 'Logging…' : 'Log call'}
        </button>
      </div>
    </form>
  );
}
