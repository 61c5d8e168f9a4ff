import { useEffect, useState } from 'react';
import type { EmailData } from '../../../../../../shared/index.js';
import type { HubFetch } from '../../../../api/hub-fetch.js';
import { seg } from '../../../../api/hub-fetch.js';
import { cidKey } from '../../../../lib/sanitize.js';

/*
 * Email attachments in the console. The hub serves each through the email that lists it
 * (`GET /api/v1/emails/:eventId/attachments/:sha256`, bearer token, always a download): a plain <a href>
 * cannot carry the token, so files are fetched here. Inline `cid:` images become raster data: URLs the
 * sandboxed email frame may show (its CSP allows data: images only); downloads go through a short-lived blob: URL.
 */

export type EmailAttachment = NonNullable<EmailData['attachments']>[number];

/** What the email frame may show inline: raster images only (an SVG can carry script), and not huge ones. */
const INLINE_TYPES = /^image\/(png|jpe?g|gif|webp|bmp)$/i;
const MAX_INLINE_BYTES = 3 * 1024 * 1024;

export const attachmentPath = (eventId: string, sha256: string) => `/api/v1/emails/${seg(eventId)}/attachments/${seg(sha256)}`;

export const isInlineImage = (a: EmailAttachment): boolean =>
  Boolean(a.stored && a.sha256 && a.contentId && INLINE_TYPES.test(a.contentType ?? '') && (a.size ?? 0) <= MAX_INLINE_BYTES);

async function dataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and a photo has millions.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:${blob.type};base64,${btoa(binary)}`;
}

/**
 * The email's inline images by `cidKey`, once fetched (null while loading, so the frame is not built
 * twice). Parts that fail (erased, not kept, masked) are simply absent: the frame shows a placeholder.
 */
export function useInlineImages(hub: HubFetch, eventId: string | undefined, attachments: readonly EmailAttachment[] | undefined): ReadonlyMap<string, string> | null {
  const inline = eventId ? (attachments ?? []).filter(isInlineImage) : [];
  const key = inline.map((a) => a.sha256).join(',');
  const [images, setImages] = useState<{ key: string; map: ReadonlyMap<string, string> } | null>(null);
  useEffect(() => {
    if (!eventId || key === '') return;
    let live = true;
    void Promise.all(
      inline.map(async (a) => {
        try {
          const blob = await hub.blob(attachmentPath(eventId, a.sha256!), 'image/*');
          // The hub types what it serves; anything but a raster image is not shown inline.
          if (!INLINE_TYPES.test(blob.type)) return null;
          return [cidKey(a.contentId!), await dataUrl(blob)] as const;
        } catch {
          return null;
        }
      }),
    ).then((pairs) => {
      if (live) setImages({ key, map: new Map(pairs.filter((p) => p !== null)) });
    });
    return () => {
      live = false;
    };
    // `key` stands for `inline` (the same shas): a new array each render must not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hub, eventId, key]);
  if (key === '') return EMPTY;
  return images?.key === key ? images.map : null;
}

const EMPTY: ReadonlyMap<string, string> = new Map();

/** Saves one attachment under its own name (the browser's or Electron's download). */
export async function downloadAttachment(hub: HubFetch, eventId: string, a: EmailAttachment): Promise<void> {
  const blob = await hub.blob(attachmentPath(eventId, a.sha256!), '*/*');
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = a.filename;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // Revoked after the click has handed the bytes to the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** "2.4 MB", "80 KB", "512 bytes". */
export function sizeWords(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
