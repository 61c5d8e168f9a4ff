/** A dead letter's body for display: decoded as UTF-8 text, cut at `max` chars (never rendered as HTML). */
export function bodyPreview(base64: string, max = 4000): string {
  let text: string;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch {
    return '(body could not be decoded)';
  }
  if (text === '') return '(empty body)';
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}
