/*
 * What an attachment is served as. The type came from the sender, so it is never trusted to be
 * harmless: only types a browser shows without running anything keep their type; everything else
 * (HTML, SVG, XML, scripts, unknown) goes out as opaque bytes. Served with nosniff and as a download.
 */

/** Raster images: safe to show inline in the email frame (as data: URLs) and to download. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp'] as const;

const KEEP_TYPES = new Set<string>([...INLINE_IMAGE_TYPES, 'image/jpg', 'application/pdf', 'text/plain', 'text/csv', 'application/zip', 'audio/mpeg', 'audio/wav', 'video/mp4']);

/** `image/PNG; name=x.png` -> `image/png`; types outside the keep list -> `application/octet-stream`. */
export function safeContentType(declared: string | undefined): string {
  const base = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const type = base === 'image/jpg' ? 'image/jpeg' : base;
  if (!KEEP_TYPES.has(type)) return 'application/octet-stream';
  // Text is served as UTF-8 explicitly: no charset sniffing either.
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}
