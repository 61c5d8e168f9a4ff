import { describe, expect, it } from 'vitest';
import { BLOCKED_IMAGE_PLACEHOLDER, buildEmailSrcdoc, cidKey, sanitizeEmailHtml } from './sanitize.js';

describe('sanitizeEmailHtml', () => {
  it('removes scripts, event handlers and javascript: links but keeps the text', () => {
    const { html } = sanitizeEmailHtml(
      '<p id="g">Hi <b>there</b></p><script>window.parent.pwned=true</script><a href="javascript:alert(1)">x</a><div onclick="evil()">y</div><svg onload="evil()"></svg>',
    );
    expect(html).toContain('Hi <b>there</b>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onclick|onload/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/<svg/i);
  });

  it('removes forms and their controls', () => {
    const { html } = sanitizeEmailHtml('<form action="https://phish.example/login"><input name="pw"><button>Go</button></form>ok');
    expect(html).not.toMatch(/<form|<input|<button|phish\.example/i);
    expect(html).toContain('ok');
  });

  it('strips remote images (and onerror) by default and counts them', () => {
    const { html, blockedImages } = sanitizeEmailHtml(
      '<img src="https://tracker.example/pixel.gif" onerror="window.parent.pwned=true"><img src="//cdn.example/a.png"><img src="data:image/png;base64,iVBORw0KGgo=">',
    );
    expect(html).not.toContain('tracker.example');
    expect(html).not.toContain('cdn.example');
    expect(html).not.toMatch(/onerror/i);
    expect(html).toContain('data:image/png;base64,iVBORw0KGgo=');
    expect(html.split(BLOCKED_IMAGE_PLACEHOLDER.slice(0, 40)).length - 1).toBe(2);
    expect(blockedImages).toBe(2);
  });

  it('blocks remote fetches hidden in CSS, srcset and background attributes', () => {
    const { html } = sanitizeEmailHtml(
      '<div style="background:url(https://t.example/bg.png)">a</div><table background="https://t.example/t.png"><tr><td>b</td></tr></table><img srcset="https://t.example/s.png 2x" src="data:image/gif;base64,R0lGOD">',
    );
    expect(html).not.toContain('t.example');
  });

  it('keeps remote images when the agent allows them', () => {
    const { html, blockedImages } = sanitizeEmailHtml('<img src="https://cdn.example/logo.png" alt="logo">', { allowRemoteImages: true });
    expect(html).toContain('https://cdn.example/logo.png');
    expect(blockedImages).toBe(0);
  });

  it('shows inline cid: images from the stored parts as raster data: URLs, and blocks the rest', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const inlineImages = new Map([
      [cidKey('<Zip1@mail.test>'), png],
      // An SVG data: URL can carry script: the policy drops it even when it is offered as a part.
      [cidKey('<logo@mail.test>'), 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='],
    ]);
    const { html, blockedImages } = sanitizeEmailHtml('<img src="cid:zip1%40mail.test" onerror="x()"><img src="cid:logo@mail.test"><img src="cid:missing@mail.test">', { inlineImages });
    expect(html).toContain(png);
    expect(html).not.toContain('svg+xml;base64');
    expect(html).not.toMatch(/onerror|cid:/i);
    expect(html.split(BLOCKED_IMAGE_PLACEHOLDER.slice(0, 40)).length - 1).toBe(2);
    // Missing parts are not "remote images": showing remote images would not bring them.
    expect(blockedImages).toBe(0);
  });

  it('wraps the result in a document whose CSP forbids everything but inline style and data: images', () => {
    const doc = buildEmailSrcdoc('<p>x</p>', false);
    expect(doc).toContain(`default-src 'none'; img-src data:; style-src 'unsafe-inline'`);
    expect(doc).not.toMatch(/<script|onerror/i);
  });
});
