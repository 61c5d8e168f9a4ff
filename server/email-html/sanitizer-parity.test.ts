// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { newsletterHtml } from '../../bench/email-rss.js';
// eslint-disable-next-line no-restricted-imports -- contract test: the console's real sanitizer next to the hub's (test only)
import { BLOCKED_IMAGE_PLACEHOLDER, sanitizeEmailHtml as consoleSanitize } from '../../renderer/src/lib/sanitize.js';
import { loadEmailSanitizer } from './email-sanitizer.js';
import { unsafeParts, xssCorpus } from './xss-corpus.js';

/*
 * The hub (sanitize-html) and the console (DOMPurify) derive their settings from the same policy
 * data: whatever the corpus throws at them, both outputs must pass the same independent checker,
 * and both must keep what an ordinary email needs.
 */

const sanitizeEmailHtml = await loadEmailSanitizer();
// The console's own sanitizer (DOMPurify on this test's jsdom window), with remote images allowed like the hub.
// Its blocked-image placeholder is its own constant SVG (no script, shown as an <img>), not attacker data.
const consoleSide = (html: string) => consoleSanitize(html, { allowRemoteImages: true }).html.replaceAll(BLOCKED_IMAGE_PLACEHOLDER, 'data:image/png;base64,placeholder');

describe('one email HTML policy, two sanitizers', () => {
  const corpus = xssCorpus();

  it(`hub and console outputs are both safe for ${corpus.length} hostile payloads`, () => {
    expect(corpus.filter((h) => unsafeParts(h).length > 0).length).toBeGreaterThan(corpus.length * 0.8);
    const failures: string[] = [];
    for (const payload of corpus) {
      for (const [side, out] of [['hub', sanitizeEmailHtml(payload)], ['console', consoleSide(payload)]] as const) {
        const problems = unsafeParts(out);
        if (problems.length) failures.push(`${side}: ${payload} -> ${out}: ${problems.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('both keep the layout, links, images and text of a real newsletter', () => {
    const html = newsletterHtml(7);
    for (const out of [sanitizeEmailHtml(html), consoleSide(html)]) {
      for (const kept of ['width="600"', 'colspan="2"', 'valign="top"', 'href="https://shop.example/unsubscribe?u=7"', 'src="https://cdn.shop.example/p/168.jpg"', '<b>20% off</b>', 'url(https://cdn.shop.example/hero.jpg)', 'Spring sale #7']) {
        expect(out).toContain(kept);
      }
    }
  });
});
