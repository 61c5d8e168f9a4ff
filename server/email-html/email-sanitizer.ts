import type sanitizeHtml from 'sanitize-html';
import type { IOptions } from 'sanitize-html';
import {
  EMAIL_ALLOWED_TAGS,
  EMAIL_FORBIDDEN_ATTRIBUTES,
  EMAIL_FORBIDDEN_TAGS,
  EMAIL_TEXT_ATTRIBUTES,
  EMAIL_URL_ATTRIBUTES,
  EMAIL_URL_SCHEMES,
  REMOTE_URL,
  SAFE_DATA_IMAGE,
  sanitizeCss,
  urlAllowed,
} from '../../shared/html-policy.js';

/*
 * Server-side email HTML sanitizer: sanitize-html (a streaming htmlparser2 pass, no DOM) driven by
 * the shared policy (shared/html-policy.ts) the console feeds to DOMPurify. A DOM window (jsdom)
 * cost the hub ~150 MB resident and ~90 ms per newsletter; this costs a few MB and ~2.5 ms. It is
 * still imported on the first email that carries HTML, so a hub without HTML mail never loads it.
 *
 * The hub keeps remote http(s) images (the console blocks them until the agent asks) and otherwise
 * removes everything the policy forbids: non-raster data: images, code-running CSS, non-http(s) CSS urls.
 */

export type SanitizeHtml = (html: string) => string;

const keepCssUrl = (url: string) => REMOTE_URL.test(url) || SAFE_DATA_IMAGE.test(url) || /^\s*cid:/i.test(url);
const forbiddenAttributes = new Set<string>(EMAIL_FORBIDDEN_ATTRIBUTES);
const urlAttributes = new Set<string>(EMAIL_URL_ATTRIBUTES);
const allowedTags = EMAIL_ALLOWED_TAGS.filter((t) => !(EMAIL_FORBIDDEN_TAGS as readonly string[]).includes(t));

/** Applies the rules sanitize-html has no option for, before its own allowlist filtering. */
function cleanAttributes(tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const out: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    const lower = name.toLowerCase();
    if (forbiddenAttributes.has(lower)) continue;
    if (urlAttributes.has(lower) && !urlAllowed(tagName, lower, value)) continue;
    out[name] = lower === 'style' ? sanitizeCss(value, keepCssUrl).css : value;
  }
  if (tagName === 'a') {
    delete out['rel'];
    if (out['href'] !== undefined) out['rel'] = 'noopener noreferrer';
  }
  return { tagName, attribs: out };
}

export const SANITIZE_HTML_OPTIONS: IOptions = {
  allowedTags,
  allowedAttributes: { '*': [...EMAIL_TEXT_ATTRIBUTES, ...EMAIL_URL_ATTRIBUTES] },
  allowedSchemes: [...EMAIL_URL_SCHEMES],
  allowedSchemesByTag: { img: [...EMAIL_URL_SCHEMES, 'data'] },
  allowedSchemesAppliedToAttributes: [...EMAIL_URL_ATTRIBUTES],
  allowProtocolRelative: false,
  // Their text is code or another document, not email content.
  nonTextTags: [...EMAIL_FORBIDDEN_TAGS],
  disallowedTagsMode: 'discard',
  // Style attributes are cleaned by the shared CSS rule in cleanAttributes, not parsed with postcss.
  parseStyleAttributes: false,
  // <style> is a raw-text element; its sheet is cleaned after the pass (see sanitizeWith).
  allowVulnerableTags: true,
  transformTags: { '*': cleanAttributes },
};

// In sanitize-html's output `<` only appears raw in real tags and inside <style> sheets (text and attributes are escaped).
const STYLE_ELEMENT = /(<style\b[^>]*>)([\s\S]*?)(<\/style>)/gi;

/** One email body, sanitized with the given sanitize-html. Synchronous and DOM-free: safe to run inline in a request. */
function sanitizeWith(sanitize: typeof sanitizeHtml, html: string): string {
  const clean = sanitize(html, SANITIZE_HTML_OPTIONS);
  // A CSS `\3c` is `<` to CSS but can never close the raw-text element for an HTML parser.
  return clean.replace(STYLE_ELEMENT, (_m, open: string, css: string, close: string) => open + sanitizeCss(css, keepCssUrl).css.replace(/</g, '\\3c ') + close);
}

let loading: Promise<SanitizeHtml> | null = null;

/** The sanitizer, loaded on first use (concurrent first callers share one load). */
export function loadEmailSanitizer(): Promise<SanitizeHtml> {
  loading ??= import('sanitize-html').then(
    ({ default: sanitize }) => (html: string) => sanitizeWith(sanitize, html),
    (err: unknown) => {
      loading = null; // a failed load (say, a broken install) is retried next time instead of cached
      throw err;
    },
  );
  return loading;
}
