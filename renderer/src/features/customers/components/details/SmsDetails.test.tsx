import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { setPhoneRegion } from '../../../../lib/format.js';
import { SmsDetails } from './SmsDetails.js';

afterEach(cleanup);
beforeAll(() => setPhoneRegion('US'));

describe('SmsDetails', () => {
  it('shows numbers formatted for people, not E.164', () => {
    const { container } = render(<SmsDetails data={{ direction: 'inbound', from: '+14155550142', to: '+442071838750', body: 'Hi' }} />);
    expect(container.textContent).toContain('(415) 555-0142');
    expect(container.textContent).toContain('+44 20 7183 8750');
    expect(container.textContent).not.toContain('+14155550142');
  });
});
