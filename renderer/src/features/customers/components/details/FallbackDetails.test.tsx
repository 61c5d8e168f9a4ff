import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FallbackDetails } from './FallbackDetails.js';

describe('notes and web sessions as readable fields', () => {
  it('labels keys in words and shows nested values without JSON', () => {
    const { container } = render(
      <FallbackDetails
        data={{ pageViews: 4, durationSec: 185, pages: ['/shoes', '/cart'], utmSource: 'newsletter', device: { type: 'mobile', os: 'iOS' }, converted: false, startedAt: '2026-03-01T17:00:00Z' }}
      />,
    );
    const text = container.textContent ?? '';
    expect(text).toContain('Pages viewed4');
    expect(text).toContain('Duration3:05');
    expect(text).toContain('/shoes');
    expect(text).toContain('Campaign sourcenewsletter');
    expect(text).toContain('Typemobile');
    expect(text).toContain('ConvertedNo');
    expect(text).toContain('Started at');
    expect(text).not.toMatch(/[{}[\]"]|pageViews|utmSource|T17:00/);
  });
});
