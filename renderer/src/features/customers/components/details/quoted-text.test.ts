import { describe, expect, it } from 'vitest';
import { splitQuoted } from './quoted-text.js';

describe('splitQuoted', () => {
  it('separates the reply from "On … wrote:" and the > lines below it', () => {
    const t = 'Thanks, that works.\n\nAnn\n\nOn Wed, 1 May 2024 at 10:00, Support <s@x.com> wrote:\n> Hello Ann,\n> your parcel left today.\n';
    expect(splitQuoted(t)).toEqual({ body: 'Thanks, that works.\n\nAnn', quoted: 'On Wed, 1 May 2024 at 10:00, Support <s@x.com> wrote:\n> Hello Ann,\n> your parcel left today.' });
  });
  it('handles Outlook "Original Message" blocks and bare > tails', () => {
    expect(splitQuoted('ok\n-----Original Message-----\nFrom: a\nhello').quoted).toMatch(/^-----Original Message-----/);
    expect(splitQuoted('yes please\n> do you want it?\n> y/n')).toEqual({ body: 'yes please', quoted: '> do you want it?\n> y/n' });
  });
  it('keeps inline replies (text between quotes) and quote-only messages visible', () => {
    const inline = '> question 1\nanswer 1\n> question 2\nanswer 2';
    expect(splitQuoted(inline)).toEqual({ body: inline, quoted: '' });
    expect(splitQuoted('> only a quote')).toEqual({ body: '> only a quote', quoted: '' });
    expect(splitQuoted('plain')).toEqual({ body: 'plain', quoted: '' });
  });
});
