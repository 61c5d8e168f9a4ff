import { splitQuoted } from './quoted-text.js';

/** Plain-text email body with the quoted history collapsed behind a toggle. */
export function QuotedText({ text }: { text: string }) {
  const { body, quoted } = splitQuoted(text);
  return (
    <>
      <pre className="email-text">{body}</pre>
      {quoted && (
        <details className="email-quoted">
          <summary>Show quoted text</summary>
          <pre className="email-text">{quoted}</pre>
        </details>
      )}
    </>
  );
}
