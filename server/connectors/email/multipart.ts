import { ConnectorError } from '../types.js';

/*
 * A small multipart/form-data reader over the raw bytes. Why not @fastify/multipart: it consumes
 * the request stream, but dead letters and replays need the exact bytes, and SendGrid's text
 * fields arrive in the charsets its `charsets` field names (decoded here, not forced to UTF-8).
 * Lenient about LF-only line endings, which some captured samples use.
 */

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | null): string {
  const m = /boundary=(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(contentType ?? '');
  const b = m?.[1] ?? m?.[2];
  if (!b || !/^multipart\/form-data/i.test(contentType ?? '')) {
    throw new ConnectorError('unsupported_media_type', 'expected multipart/form-data with a boundary', [{ path: 'content-type', message: 'expected multipart/form-data; boundary=…' }]);
  }
  return b;
}

export function parseMultipart(body: Buffer, contentType: string | null, maxParts = 200): Part[] {
  const delimiter = Buffer.from(`--${boundaryOf(contentType)}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos === -1) throw new ConnectorError('invalid_request', 'multipart body has no boundary delimiter');
  while (pos !== -1) {
    let start = pos + delimiter.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing delimiter
    start = skipLineEnd(body, start);
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    const segment = body.subarray(start, Math.max(start, end));
    const part = parsePart(segment);
    if (part) parts.push(part);
    if (parts.length > maxParts) throw new ConnectorError('invalid_request', `more than ${maxParts} multipart fields`);
    pos = next;
  }
  return parts;
}

function skipLineEnd(b: Buffer, i: number): number {
  if (b[i] === 0x0d) i++;
  if (b[i] === 0x0a) i++;
  return i;
}

function parsePart(segment: Buffer): Part | null {
  let headerEnd = segment.indexOf('\r\n\r\n');
  let sepLen = 4;
  const lf = segment.indexOf('\n\n');
  if (headerEnd === -1 || (lf !== -1 && lf < headerEnd)) {
    headerEnd = lf;
    sepLen = 2;
  }
  if (headerEnd === -1) return null;
  const headers = segment.subarray(0, headerEnd).toString('utf8').split(/\r?\n/);
  const data = segment.subarray(headerEnd + sepLen);
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const h of headers) {
    const colon = h.indexOf(':');
    if (colon === -1) continue;
    const key = h.slice(0, colon).trim().toLowerCase();
    const value = h.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? /\bname=([^;\s]+)/i.exec(value)?.[1];
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? /\bfilename=([^;\s]+)/i.exec(value)?.[1];
    } else if (key === 'content-type') contentType = value;
  }
  if (name === undefined) return null;
  return { name, data, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}

/** Decodes a text field in the charset SendGrid reported (falls back to UTF-8 for unknown labels). */
export function decodeText(data: Buffer, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  try {
    return new TextDecoder(label).decode(data);
  } catch {
    return data.toString('utf8');
  }
}
