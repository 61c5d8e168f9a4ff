/*
 * The one policy for untrusted email HTML, applied by the hub (every API and socket answer) and
 * again by the console before display. Plain data plus pure string functions: the console derives
 * its DOMPurify config from it (`dompurifyConfig`), the hub its sanitize-html options
 * (server/email-html/email-sanitizer.ts), so the two sides cannot drift.
 */

/** Tags an email may keep. Anything else is removed (its text kept, unless it is code or a document). */
export const EMAIL_ALLOWED_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'area', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blink', 'blockquote', 'br', 'caption',
  'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'dir', 'div', 'dl', 'dt', 'em', 'fieldset', 'figcaption',
  'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'i', 'img', 'ins', 'kbd', 'label', 'legend',
  'li', 'main', 'map', 'mark', 'marquee', 'menu', 'nav', 'nobr', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section',
  'small', 'span', 'strike', 'strong', 'style', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr',
  'tt', 'u', 'ul', 'var', 'wbr',
] as const;

/**
 * Never kept, even if someone adds them above: everything that runs code, navigates, submits, embeds
 * another document or reaches the network by itself. Their content goes too (it is code or a document).
 */
export const EMAIL_FORBIDDEN_TAGS = [
  'script', 'noscript', 'template', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset',
  'object', 'embed', 'applet', 'portal', 'link', 'meta', 'base', 'audio', 'video', 'source', 'track', 'picture', 'svg', 'math',
  'title', 'xmp', 'noembed', 'noframes', 'plaintext',
] as const;

/** Attributes whose value is free text (layout, labels, styling). Never URLs, so never scheme-checked. */
export const EMAIL_TEXT_ATTRIBUTES = [
  'alt', 'class', 'id', 'name', 'title', 'summary', 'style', 'rel', 'bgcolor',
  'width', 'height', 'align', 'valign', 'colspan', 'rowspan', 'cellpadding', 'cellspacing', 'border', 'color', 'face', 'size', 'dir',
  'lang', 'start', 'span', 'nowrap', 'scope', 'headers', 'abbr', 'hspace', 'vspace', 'clear',
] as const;

/** Attributes that hold a URL: kept only when the URL passes `EMAIL_ALLOWED_URL` (or is a raster data: image on <img src>). */
export const EMAIL_URL_ATTRIBUTES = ['href', 'src', 'background', 'cite'] as const;

/** Never kept on any tag. */
export const EMAIL_FORBIDDEN_ATTRIBUTES = ['action', 'formaction', 'srcset', 'srcdoc', 'ping', 'poster', 'xlink:href', 'http-equiv'] as const;

/** Links and images: web, mail, phone, inline MIME parts and in-page anchors. No javascript:, vbscript:, data: (except raster images), file:. */
export const EMAIL_ALLOWED_URL = /^(?:https?:|mailto:|tel:|cid:|#)/i;
/** The same schemes by name (for libraries that take a list). */
export const EMAIL_URL_SCHEMES = ['http', 'https', 'mailto', 'tel', 'cid'] as const;

/** Inline images the policy keeps: raster data: URLs only (an SVG data: image can carry script). */
export const SAFE_DATA_IMAGE = /^\s*data:image\/(?:png|gif|jpe?g|webp|bmp);/i;

/** Remote http(s) image URLs: kept by the hub; the console blocks them until the agent asks. */
export const REMOTE_URL = /^\s*https?:\/\//i;

/** What browsers ignore inside a URL attribute (so `java\tscript:` is `javascript:`). Same set as DOMPurify's. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const URL_IGNORED_CHARS = /[\u0000-\u0020\u00A0\u1680\u180E\u2000-\u2029\u205F\u3000]/g;

/** Whether a URL attribute value may stay on `tag`. Empty values are harmless. */
export function urlAllowed(tag: string, attr: string, value: string): boolean {
  const compact = value.replace(URL_IGNORED_CHARS, '');
  if (compact === '' || EMAIL_ALLOWED_URL.test(compact)) return true;
  return tag === 'img' && attr === 'src' && SAFE_DATA_IMAGE.test(value);
}

/**
 * The DOMPurify config (structurally a DOMPurify `Config`) for this policy. DOMPurify also needs the
 * document skeleton and text nodes to walk the tree; it returns only the body's content.
 */
export function dompurifyConfig() {
  return {
    ALLOWED_TAGS: [...EMAIL_ALLOWED_TAGS, '#text', 'html', 'head', 'body'],
    FORBID_TAGS: [...EMAIL_FORBIDDEN_TAGS],
    ADD_FORBID_CONTENTS: [...EMAIL_FORBIDDEN_TAGS],
    ALLOWED_ATTR: [...EMAIL_TEXT_ATTRIBUTES, ...EMAIL_URL_ATTRIBUTES],
    FORBID_ATTR: [...EMAIL_FORBIDDEN_ATTRIBUTES],
    // DOMPurify checks every attribute not listed here against the URL rule: text attributes must be listed.
    ADD_URI_SAFE_ATTR: [...EMAIL_TEXT_ATTRIBUTES],
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: EMAIL_ALLOWED_URL,
  };
}

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
