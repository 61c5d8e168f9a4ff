import DOMPurify, { type Config } from 'dompurify';

/*
 * Email HTML is hostile input. DOMPurify strips scripts, event handlers, forms and javascript: URLs;
 * on top of that we block every remote fetch (tracking pixels) unless the agent asks for images,
 * and the result is only ever shown in a sandboxed iframe whose own CSP forbids everything else.
 */

export interface SanitizeOptions {
  allowRemoteImages?: boolean;
}
export interface SanitizedEmail {
  html: string;
  /** How many remote images were replaced by a placeholder. */
  blockedImages: number;
}

export const SANITIZE_CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['script', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'link', 'meta', 'base', 'audio', 'video', 'source', 'track', 'picture', 'svg', 'math'],
  FORBID_ATTR: ['action', 'formaction', 'srcset', 'ping', 'poster', 'xlink:href'],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|cid:|#)/i,
};

/** A neutral grey box in place of a blocked remote image (data: URIs are the only images the frame may load). */
export const BLOCKED_IMAGE_PLACEHOLDER =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#e6e8eb"/><path d="M5 17l4-5 3 4 2-3 5 4z" fill="#a0a7b0"/></svg>');

const SAFE_DATA_IMAGE = /^\s*data:image\/(?:png|gif|jpe?g|webp|bmp);/i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

let purifier: ReturnType<typeof DOMPurify> | null = null;
let current = { allowRemote: false, blocked: 0 };
let blockedNodes = new WeakSet<Element>();

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  // Decide on images before DOMPurify drops URLs it dislikes (e.g. `//host/x.png`), so the count is honest;
  // swap the src only afterwards, once event handlers are gone (touching src could fire `error`).
  p.addHook('beforeSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName !== 'IMG') return;
    const src = el.getAttribute('src') ?? '';
    const allowed = SAFE_DATA_IMAGE.test(src) || (current.allowRemote && /^\s*https?:\/\//i.test(src));
    if (allowed) return;
    if (src.trim()) current.blocked++;
    blockedNodes.add(el);
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName === 'IMG' && (blockedNodes.has(el) || !el.hasAttribute('src'))) {
      el.setAttribute('src', BLOCKED_IMAGE_PLACEHOLDER);
      el.setAttribute('data-blocked', '');
      if (!el.getAttribute('alt')) el.setAttribute('alt', 'remote image blocked');
    }
    // Legacy `background=` on tables/cells is an image fetch too.
    if (el.hasAttribute('background') && !current.allowRemote) {
      el.removeAttribute('background');
      current.blocked++;
    }
    if (el.hasAttribute('style')) el.setAttribute('style', stripCssUrls(el.getAttribute('style') ?? ''));
    if (el.tagName === 'A' && el.hasAttribute('href')) el.setAttribute('rel', 'noopener noreferrer');
  });
  p.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) node.textContent = stripCssUrls(node.textContent);
  });
  purifier = p;
  return p;
}

/** CSS can fetch too (`background:url(...)`, `@import`): keep only data: URLs unless images are allowed. */
function stripCssUrls(css: string): string {
  const out = css.replace(/@import[^;]*;?/gi, '').replace(CSS_URL, (m, _q: string, url: string) => {
    if (SAFE_DATA_IMAGE.test(url) || (current.allowRemote && /^\s*https?:\/\//i.test(url))) return m;
    current.blocked++;
    return 'none';
  });
  return out;
}

export function sanitizeEmailHtml(html: string, opts: SanitizeOptions = {}): SanitizedEmail {
  current = { allowRemote: Boolean(opts.allowRemoteImages), blocked: 0 };
  blockedNodes = new WeakSet();
  const clean = getPurifier().sanitize(html, { ...SANITIZE_CONFIG, RETURN_TRUSTED_TYPE: false }) as unknown as string;
  return { html: clean, blockedImages: current.blocked };
}

/** CSP of the email frame itself: nothing but inline styles and data: images (plus remote images on request). */
export function emailFrameCsp(allowRemoteImages: boolean): string {
  return `default-src 'none'; img-src data:${allowRemoteImages ? ' https: http:' : ''}; style-src 'unsafe-inline'`;
}

/** The full `srcdoc` for the sandboxed email iframe. */
export function buildEmailSrcdoc(sanitizedHtml: string, allowRemoteImages: boolean): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${emailFrameCsp(allowRemoteImages)}">` +
    '<style>html,body{margin:0}body{padding:12px 14px;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}img[data-blocked]{width:24px;height:24px;vertical-align:middle}table{max-width:100%}a{color:#0b57d0}</style>' +
    `</head><body>${sanitizedHtml}</body></html>`
  );
}
