import { describe, expect, it } from 'vitest';
import { EMAIL_ALLOWED_TAGS, EMAIL_ALLOWED_URL, EMAIL_FORBIDDEN_ATTRIBUTES, EMAIL_FORBIDDEN_TAGS, EMAIL_TEXT_ATTRIBUTES, EMAIL_URL_ATTRIBUTES, REMOTE_URL, SAFE_DATA_IMAGE, dompurifyConfig, sanitizeCss, urlAllowed } from './html-policy.js';

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
    for (const u of ok) expect(EMAIL_ALLOWED_URL.test(u), u).toBe(true);
    for (const u of bad) expect(EMAIL_ALLOWED_URL.test(u), u).toBe(false);
  });

  it('never allows a forbidden tag or attribute, and never lets a URL attribute skip the scheme check', () => {
    for (const t of EMAIL_FORBIDDEN_TAGS) expect(EMAIL_ALLOWED_TAGS as readonly string[]).not.toContain(t);
    const attrs: readonly string[] = [...EMAIL_TEXT_ATTRIBUTES, ...EMAIL_URL_ATTRIBUTES];
    for (const a of EMAIL_FORBIDDEN_ATTRIBUTES) expect(attrs).not.toContain(a);
    for (const a of EMAIL_URL_ATTRIBUTES) expect(EMAIL_TEXT_ATTRIBUTES as readonly string[]).not.toContain(a);
    expect(dompurifyConfig().ADD_URI_SAFE_ATTR).not.toContain('href');
  });

  it('checks URLs as a browser reads them: whitespace and control characters inside the scheme do not hide it', () => {
    expect(urlAllowed('a', 'href', 'java\tscript:alert(1)')).toBe(false);
    expect(urlAllowed('a', 'href', ' \u0001javascript:alert(1)')).toBe(false);
    expect(urlAllowed('a', 'href', 'https://ok.example/')).toBe(true);
    expect(urlAllowed('img', 'src', 'data:image/png;base64,iVBO')).toBe(true);
    expect(urlAllowed('a', 'href', 'data:image/png;base64,iVBO')).toBe(false);
    expect(urlAllowed('img', 'src', 'data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(urlAllowed('a', 'href', 'relative/path')).toBe(false);
  });
});
