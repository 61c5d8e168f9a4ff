/*
 * Splits an email's plain text into what the sender wrote and the quoted history below it
 * ("On … wrote:" / "-----Original Message-----" / a run of "> " lines), so the thread view can
 * collapse the quote. Pure, so it is tested without a DOM.
 */

const ATTRIBUTION = /^(On .{3,200}wrote:|Le .{3,200}a écrit :|Am .{3,200}schrieb .{0,100}:|-{2,}\s*Original Message\s*-{2,}|_{5,}|From: .+)$/i;

export function splitQuoted(text: string): { body: string; quoted: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const startsQuote = ATTRIBUTION.test(line) && (line.startsWith('From: ') ? i > 0 && /^-{2,}|^_{5,}|^$/.test(lines[i - 1]!.trim()) : true);
    // A quote block is only a quote when everything after it is quoted/attribution (replies inline stay visible).
    const restQuoted = lines.slice(i + (startsQuote ? 1 : 0)).every((l) => l.trim() === '' || l.trimStart().startsWith('>'));
    if ((startsQuote && (restQuoted || !line.startsWith('>'))) || (line.startsWith('>') && restQuoted)) {
      const body = lines.slice(0, i).join('\n').trimEnd();
      const quoted = lines.slice(i).join('\n').trim();
      if (body === '') return { body: text.trim(), quoted: '' };
      return { body, quoted };
    }
  }
  return { body: text.trimEnd(), quoted: '' };
}
