import { describe, expect, it } from 'vitest';
import { EMAIL_HTML_POLICY, REMOTE_URL, SAFE_DATA_IMAGE, sanitizeCss } from './html-policy.js';

const keepRemote = (url: string) => REMOTE_URL.test(url) || SAFE_DATA_IMAGE.test(url);

describe('shared email HTML policy', () => {
  it('removes code-running CSS, even spelled with escapes or split by comments', () => {
    for (const css of ['width: expression(alert(1))', 'w\\69 dth: e\\78 pression(alert(1))', 'x: expr/**/ession(alert(1))', 'behavior: url(x.htc)', '-moz-binding: url(x.xml#x)', '@import "https://evil.example/x.css"; p{}', '@im\\port url(x.css);', 'a: javascript:alert(1)']) {
      const out = sanitizeCss(css, keepRemote).css;
      expect(out).not.toMatch(/expression\s*\(|behaviou?r\s*:|-moz-binding|@import|javascript:/i);
    }
  });

  it('keeps url(...) the caller allows and replaces the others with none, counting them', () => {
    const { css, droppedUrls } = sanitizeCss('a{background:url("https://cdn.example/a.png")} b{background:url(javascript:alert(1))} c{background:url(data:image/svg+xml,<svg onload=x>)} d{background:url(data:image/png;base64,iVBO)}', keepRemote);
    expect(css).toContain('url("https://cdn.example/a.png")');
    expect(css).toContain('url(data:image/png;base64,iVBO)');
    expect(css).not.toMatch(/javascript|svg\+xml/);
    expect(droppedUrls).toBe(2);
  });

  it('keeps ordinary styling untouched', () => {
    expect(sanitizeCss('color:#333; font: 14px/1.5 Arial; margin: 0 auto', keepRemote)).toEqual({ css: 'color:#333; font: 14px/1.5 Arial; margin: 0 auto', droppedUrls: 0 });
  });

  it('only lets web, mail, phone, inline-part and anchor URLs through', () => {
    const ok = ['https://x.example/', 'http://x.example', 'mailto:a@b.c', 'tel:+1415', 'cid:part1', '#top'];
    const bad = ['javascript:alert(1)', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', 'ftp://x'];
    for (const u of ok) expect(EMAIL_HTML_POLICY.ALLOWED_URI_REGEXP.test(u), u).toBe(true);
    for (const u of bad) expect(EMAIL_HTML_POLICY.ALLOWED_URI_REGEXP.test(u), u).toBe(false);
  });
});
