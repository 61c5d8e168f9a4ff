import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { fieldErrors } from '../../../lib/field-errors.js';
import { createCounterApi } from '../api.js';
import { rememberedStore } from '../store-choice.js';

/** What the lookup text probably was, to start the form with it. */
export function prefillFrom(q: string): { name: string; email: string; phone: string; loyaltyId: string } {
  const t = q.trim();
  const blank = { name: '', email: '', phone: '', loyaltyId: '' };
  if (t.includes('@')) return { ...blank, email: t };
  if (/^\+?[\d ().-]{7,}$/.test(t) && t.replace(/\D/g, '').length >= 10) return { ...blank, phone: t };
  if (/\d/.test(t)) return { ...blank, loyaltyId: t };
  return { ...blank, name: t };
}

type YesNo = 'yes' | 'no' | '';

/** Nobody matched: record a new customer, asking for email and SMS marketing consent (written as consent events). */
export function NewCustomerForm({ query, onCreated, onCancel }: { query: string; onCreated: (id: string) => void; onCancel: () => void }) {
  const api = useFeatureApi(createCounterApi);
  const base = useId();
  const [f, setF] = useState(() => prefillFrom(query));
  const [emailMarketing, setEmailMarketing] = useState<YesNo>('');
  const [smsMarketing, setSmsMarketing] = useState<YesNo>('');
  const create = useMutation({
    mutationFn: () =>
      api.newCustomer({
        name: f.name,
        ...(f.email.trim() ? { email: f.email.trim() } : {}),
        ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
        ...(f.loyaltyId.trim() ? { loyaltyId: f.loyaltyId.trim() } : {}),
        emailMarketing: emailMarketing === 'yes',
        smsMarketing: smsMarketing === 'yes',
        ...(rememberedStore() ? { storeId: rememberedStore()!.id } : {}),
      }),
    onSuccess: (r) => onCreated(r.customerId),
  });
  const { byField, summary } = fieldErrors(create.error);
  const unanswered = emailMarketing === '' || smsMarketing === '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!unanswered) create.mutate();
  };
  const field = (key: keyof typeof f, label: string, type = 'text') => (
    <div className="counter-field">
      <label htmlFor={`${base}-${key}`}>{label}</label>
      <input id={`${base}-${key}`} type={type} value={f[key]} onChange={(e) => setF({ ...f, [key]: e.target.value })} aria-invalid={byField[key] ? true : undefined} aria-describedby={byField[key] ? `${base}-${key}-err` : undefined} />
      {byField[key] && <span id={`${base}-${key}-err`} className="counter-error">{byField[key]}</span>}
    </div>
  );
  const consent = (name: string, label: string, value: YesNo, set: (v: YesNo) => void, err?: string) => (
    <fieldset className="counter-consent">
      <legend>{label}</legend>
      {(['yes', 'no'] as const).map((v) => (
        <label key={v} className="counter-choice">
          <input type="radio" name={`${base}-${name}`} value={v} checked={value === v} onChange={() => set(v)} />
          {v === 'yes' ? 'Yes' : 'No'}
        </label>
      ))}
      {err && <span className="counter-error">{err}</span>}
    </fieldset>
  );
  return (
    <form className="counter-new" onSubmit={submit} aria-labelledby={`${base}-title`} data-testid="counter-new-customer">
      <h2 id={`${base}-title`}>New customer</h2>
      <p className="counter-meta">Nobody matches. Ask for a name and at least one of email, phone or loyalty card.</p>
      {field('name', 'Name')}
      {field('email', 'Email', 'email')}
      {field('phone', 'Phone', 'tel')}
      {field('loyaltyId', 'Loyalty card')}
      {consent('email-mkt', 'May we send marketing emails?', emailMarketing, setEmailMarketing, byField['emailMarketing'])}
      {consent('sms-mkt', 'May we send marketing text messages?', smsMarketing, setSmsMarketing, byField['smsMarketing'])}
      {summary && <p role="alert" className="counter-error">{summary}</p>}
      <div className="counter-actions">
        <button type="submit" className="btn btn-primary counter-btn" disabled={create.isPending || unanswered}>
          Add customer
        </button>
        <button type="button" className="btn btn-ghost counter-btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
