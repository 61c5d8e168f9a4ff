import { useRef } from 'react';
import { MAX_REPLY_ATTACHMENTS_BYTES, MAX_REPLY_ATTACHMENT_BYTES, type ReplyAttachment } from '../../../../../shared/index.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 1 : 0)} MB`;
const sizeOf = (a: ReplyAttachment) => Math.floor((a.contentBase64.length * 3) / 4);

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Files for an email reply, refused here already when over the hub's limits (it refuses them too). */
export function AttachmentPicker({ attachments, onChange, onError }: { attachments: ReplyAttachment[]; onChange: (a: ReplyAttachment[]) => void; onError: (message: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const add = async (files: FileList | null) => {
    const next = [...attachments];
    for (const f of Array.from(files ?? [])) {
      if (f.size > MAX_REPLY_ATTACHMENT_BYTES) {
        onError(`${f.name} is ${mb(f.size)}: an attachment can be at most ${mb(MAX_REPLY_ATTACHMENT_BYTES)}`);
        continue;
      }
      if (next.reduce((s, a) => s + sizeOf(a), 0) + f.size > MAX_REPLY_ATTACHMENTS_BYTES) {
        onError(`${f.name} does not fit: one reply carries at most ${mb(MAX_REPLY_ATTACHMENTS_BYTES)} of attachments`);
        continue;
      }
      next.push({ filename: f.name, contentType: f.type || 'application/octet-stream', contentBase64: toBase64(await f.arrayBuffer()) });
    }
    onChange(next);
    if (input.current) input.current.value = '';
  };
  return (
    <span className="composer-files">
      <label className="btn btn-small">
        Attach…
        <input ref={input} type="file" multiple className="visually-hidden" onChange={(e) => void add(e.target.files)} data-testid="composer-attach" />
      </label>
      {attachments.map((a, i) => (
        <span key={`${a.filename}-${i}`} className="composer-file">
          {a.filename} ({mb(sizeOf(a))})
          <button type="button" className="btn-link" aria-label={`Remove ${a.filename}`} onClick={() => onChange(attachments.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
    </span>
  );
}
