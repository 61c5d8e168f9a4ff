import DOMPurify, { type Config } from 'dompurify';
import { REMOTE_URL, SAFE_DATA_IMAGE, dompurifyConfig, sanitizeCss } from '../../../shared/html-policy.js';

/*
 * Email HTML is hostile input. The hub already sends it sanitized under the shared policy
 * (shared/html-policy.ts); the console applies the same policy again (defence in depth: a hub of
 * another version, a cached page), then blocks every remote fetch (tracking pixels) unless the agent
 * asks for images, and shows the result only in a sandboxed iframe whose own CSP forbids everything else.
 */

export interface SanitizeOptions {
  allowRemoteImages?: boolean;
  /**
   * Inline MIME parts the HTML refers to as `cid:…`, keyed by `cidKey`: raster data: URLs built from the
   * stored attachments. A `cid:` image without one is blocked like a remote image.
   */
  inlineImages?: ReadonlyMap<string, string>;
}

/** `<Part1.ab@host>` (a Content-ID) and `cid:Part1.ab%40host` (the HTML's reference) -> one key. */
export function cidKey(contentIdOrUrl: string): string {
  let v = contentIdOrUrl.trim().replace(/^cid:/i, '');
  try {
    v = decodeURIComponent(v);
  } catch {
    // A malformed escape stays as written: it simply matches nothing.
  }
  return v.replace(/^<|>$/g, '').toLowerCase();
}
export interface SanitizedEmail {
  html: string;
  /** How many remote images were replaced by a placeholder. */
  blockedImages: number;
}

export const SANITIZE_CONFIG: Config = dompurifyConfig();

/** A neutral grey box in place of a blocked remote image (data: URIs are the only images the frame may load). */
export const BLOCKED_IMAGE_PLACEHOLDER =
  'data:image/svg+xml;charset=utf-8,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><rect width="24" height="24" fill="#e6e8eb"/><path d="M5 17l4-5 3 4 2-3 5 4z" fill="#a0a7b0"/></svg>');


let purifier: ReturnType<typeof DOMPurify> | null = null;
let current: { allowRemote: boolean; blocked: number; inline: ReadonlyMap<string, string> } = { allowRemote: false, blocked: 0, inline: new Map() };
let blockedNodes = new WeakSet<Element>();

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  // Decide on images before DOMPurify drops URLs it dislikes (e.g. `//host/x.png`), so the count is honest;
  // swap the src only afterwards, once event handlers are gone (touching src could fire `error`).
  p.addHook('beforeSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.tagName !== 'IMG') return;
    let src = el.getAttribute('src') ?? '';
    // An inline part becomes its data: URL here, so the one rule below (raster data: only) still decides.
    const isCid = /^\s*cid:/i.test(src);
    if (isCid) {
      const inline = current.inline.get(cidKey(src));
      if (inline) {
        el.setAttribute('src', inline);
        src = inline;
      }
    }
    const allowed = SAFE_DATA_IMAGE.test(src) || (current.allowRemote && REMOTE_URL.test(src));
    if (allowed) return;
    // A missing inline part is not a remote image: "show remote images" would not bring it.
    if (src.trim() && !isCid) current.blocked++;
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
  const { css: out, droppedUrls } = sanitizeCss(css, (url) => SAFE_DATA_IMAGE.test(url) || (current.allowRemote && REMOTE_URL.test(url)));
  current.blocked += droppedUrls;
  return out;
}

export function sanitizeEmailHtml(html: string, opts: SanitizeOptions = {}): SanitizedEmail {
  current = { allowRemote: Boolean(opts.allowRemoteImages), blocked: 0, inline: opts.inlineImages ?? new Map() };
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
