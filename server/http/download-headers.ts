/*
 * Headers of every file the hub hands out (exports, email attachments): always a download, never
 * sniffed into something runnable, and sandboxed should a browser render it anyway.
 */

/**
 * `Content-Disposition: attachment` with the name a person gave the file: an ASCII fallback (quotes,
 * backslashes, control and non-ASCII characters replaced) plus RFC 5987 `filename*` for the real name.
 */
export function attachmentDisposition(filename: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a header
  const cleaned = filename.replace(/[\u0000-\u001f\u007f]/g, '').replace(/[/\\]/g, '_').trim() || 'attachment';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const DOWNLOAD_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-store',
} as const;
