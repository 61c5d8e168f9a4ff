import { describe, expect, it } from 'vitest';
import { detailWords } from './detail-words.js';

describe('audit details in words', () => {
  it('names devices, roles and times as people say them; unknown keys become words', () => {
    expect(detailWords('userAgent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0 Safari/537.36')).toEqual({ label: 'Device', text: 'Chrome on Linux' });
    expect(detailWords('role', 'associate')).toEqual({ label: 'Role', text: 'Store associate' });
    expect(detailWords('to', 'lead')).toEqual({ label: 'To', text: 'Team lead' });
    expect(detailWords('until', '2026-12-02T14:34:00.000Z').text).not.toContain('T14');
    expect(detailWords('endedSessions', '2')).toEqual({ label: 'Sessions ended', text: '2' });
    expect(detailWords('result', 'bad_credentials')).toEqual({ label: 'Result', text: 'bad credentials' });
    expect(detailWords('teamsAdded', 'Returns')).toEqual({ label: 'Teams added', text: 'Returns' });
  });
});
