/*
 * The one policy for untrusted email HTML, applied by the hub (every API and socket answer) and
 * again by the console before display. Pure data plus pure string functions: each side feeds it to
 * its own DOMPurify (the browser's DOM in the renderer, jsdom on the hub).
 */

/** DOMPurify configuration (structurally a DOMPurify `Config`). */
export const EMAIL_HTML_POLICY = {
  USE_PROFILES: { html: true },
  // Everything that runs code, navigates, submits, embeds another document or reaches the network by itself.
  FORBID_TAGS: [
    'script', 'noscript', 'template', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset',
    'object', 'embed', 'applet', 'portal', 'link', 'meta', 'base', 'audio', 'video', 'source', 'track', 'picture', 'svg', 'math',
  ],
  FORBID_ATTR: ['action', 'formaction', 'srcset', 'srcdoc', 'ping', 'poster', 'xlink:href', 'http-equiv'],
  // Layout attributes never hold URLs: without this the URI rule below would strip width/align/colspan and break email layout.
  ADD_URI_SAFE_ATTR: ['width', 'height', 'align', 'valign', 'colspan', 'rowspan', 'cellpadding', 'cellspacing', 'border', 'color', 'face', 'size', 'dir', 'lang', 'start', 'span', 'nowrap', 'scope', 'headers', 'abbr', 'hspace', 'vspace', 'clear'],
  ALLOW_DATA_ATTR: false,
  // Links and images: web, mail, phone, inline MIME parts and in-page anchors. No javascript:, vbscript:, data: (except raster images), file:.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|cid:|#)/i,
} as const;

/** Inline images the policy keeps: raster data: URLs only (an SVG data: image can carry script). */
export const SAFE_DATA_IMAGE = /^\s*data:image\/(?:png|gif|jpe?g|webp|bmp);/i;

/** Remote http(s) image URLs: kept by the hub; the console blocks them until the agent asks. */
export const REMOTE_URL = /^\s*https?:\/\//i;

const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
// Legacy code-running CSS: IE expression(), behavior/HTC, Firefox XBL binding; plus @import (fetches a whole sheet).
const CSS_CODE = /expression\s*\(|behaviou?r\s*:|-moz-binding\s*:|@import[^;]*;?|javascript\s*:|vbscript\s*:/gi;

/**
 * Cleans a style attribute or <style> sheet: code-running constructs are removed, and each url(...)
 * the caller does not keep becomes `none`. CSS escapes are decoded first so `\65 xpression(` is caught.
 * Returns the cleaned CSS and how many urls were dropped.
 */
export function sanitizeCss(css: string, keepUrl: (url: string) => boolean): { css: string; droppedUrls: number } {
  let dropped = 0;
  let out = decodeCssEscapes(css).replace(/\/\*[\s\S]*?\*\//g, '');
  out = out.replace(CSS_URL, (match, _q: string, url: string) => {
    if (keepUrl(url)) return match;
    dropped++;
    return 'none';
  });
  // Run to a fixed point: removing one construct must not join two halves into a new one.
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(CSS_CODE, '');
  }
  return { css: out, droppedUrls: dropped };
}

/** `\6a` / `\00006a ` -> `j`; `\:` -> `:`. CSS allows escapes anywhere, a filter must see through them. */
function decodeCssEscapes(css: string): string {
  return css.replace(/\\([0-9a-f]{1,6})\s?|\\([^\n0-9a-f])/gi, (_m, hex: string | undefined, ch: string | undefined) => {
    if (hex) {
      const code = parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return ch ?? '';
  });
}
