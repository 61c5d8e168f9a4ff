import type { Config, DOMPurify as Purifier, WindowLike } from 'dompurify';
import { EMAIL_HTML_POLICY, REMOTE_URL, SAFE_DATA_IMAGE, sanitizeCss } from '../../shared/html-policy.js';

/*
 * Server-side email HTML sanitizer: DOMPurify on a jsdom window, configured by the shared policy
 * (shared/html-policy.ts) the console uses too. jsdom is big (~50 MB resident once loaded), so it is
 * imported on the first email that carries HTML, never at hub start-up.
 *
 * The hub keeps remote http(s) images (the console blocks them until the agent asks) and otherwise
 * removes everything the policy forbids, plus what DOMPurify allows but the policy does not:
 * non-raster data: images, code-running CSS and non-http(s) CSS urls.
 */

export type SanitizeHtml = (html: string) => string;

const CONFIG: Config = { ...EMAIL_HTML_POLICY, FORBID_TAGS: [...EMAIL_HTML_POLICY.FORBID_TAGS], FORBID_ATTR: [...EMAIL_HTML_POLICY.FORBID_ATTR], ADD_URI_SAFE_ATTR: [...EMAIL_HTML_POLICY.ADD_URI_SAFE_ATTR], RETURN_TRUSTED_TYPE: false };

const keepCssUrl = (url: string) => REMOTE_URL.test(url) || SAFE_DATA_IMAGE.test(url) || /^\s*cid:/i.test(url);

let loading: Promise<SanitizeHtml> | null = null;

/** The sanitizer, loaded on first use (concurrent first callers share one load). */
export function loadEmailSanitizer(): Promise<SanitizeHtml> {
  loading ??= build().catch((err: unknown) => {
    loading = null; // a failed load (say, a broken install) is retried next time instead of cached
    throw err;
  });
  return loading;
}

async function build(): Promise<SanitizeHtml> {
  const [{ JSDOM }, { default: createDOMPurify }] = await Promise.all([import('jsdom'), import('dompurify')]);
  const purify: Purifier = createDOMPurify(new JSDOM('').window as unknown as WindowLike);
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) node.textContent = sanitizeCss(node.textContent, keepCssUrl).css;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (el.hasAttribute('style')) el.setAttribute('style', sanitizeCss(el.getAttribute('style') ?? '', keepCssUrl).css);
    // DOMPurify lets any data: URL through on <img>; an SVG one can carry script.
    const src = el.getAttribute('src');
    if (src !== null && /^\s*data:/i.test(src) && !SAFE_DATA_IMAGE.test(src)) el.removeAttribute('src');
    if (el.tagName === 'A' && el.hasAttribute('href')) el.setAttribute('rel', 'noopener noreferrer');
  });
  return (html) => purify.sanitize(html, CONFIG) as unknown as string;
}
