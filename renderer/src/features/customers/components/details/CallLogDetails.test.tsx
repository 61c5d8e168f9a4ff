import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import type { TimelineItem } from '../../../../../../shared/index.js';
import { rowFacts } from '../../../../lib/row-facts.js';
import { ItemDetails } from './ItemDetails.js';

/* A logged call (`call.logged`) reads as words on the timeline: outcome, who called, notes; never raw vocabulary. */
const item: TimelineItem = {
  id: 'evt_1',
  seq: 1,
  customerId: 'cus_1',
  source: 'omni-call-log',
  sourceEventId: 'call-log:1',
  channel: 'phone',
  type: 'call.logged',
  occurredAt: '2026-12-03T10:00:00.000Z',
  summary: 'Called the customer: callback requested — wants the refund on the card',
  data: { direction: 'outbound', outcome: 'answered', callOutcome: 'callback_requested', durationSec: 245, notes: 'Wants the refund on the card.\nCall back tomorrow.', callbackAt: '2026-12-04T09:30:00.000Z', agentId: 'usr_1', agentName: 'Ana Ruiz', omniConversationId: 'cnv_1' },
} as TimelineItem;
afterEach(cleanup);

describe('a logged call on the timeline', () => {
  it('shows the outcome and notes in words, and the row facts name the agent', () => {
    render(<ItemDetails item={item} />);
    const box = screen.getByTestId('call-log-details');
    expect(box.textContent).toContain('We called the customer');
    expect(box.textContent).toContain('Callback requested');
    expect(box.textContent).toContain('4:05');
    expect(box.textContent).toContain('Ana Ruiz');
    expect(box.textContent).toContain('Counts as a response');
    expect(box.textContent).not.toContain('answered');
    expect(screen.getByTestId('call-log-notes-text').textContent).toBe('Wants the refund on the card.\nCall back tomorrow.');
    expect(rowFacts(item)).toEqual(['outbound', '4:05', 'Callback requested', 'logged by Ana Ruiz']);
  });

  it('an unreached call says it is no response; another phone item keeps the plain call details', () => {
    render(<ItemDetails item={{ ...item, data: { ...item.data, outcome: 'missed', callOutcome: 'no_answer', callbackAt: undefined } }} />);
    expect(screen.getByTestId('call-log-details').textContent).toContain('Not a response');
    cleanup();
    render(<ItemDetails item={{ ...item, type: 'call.inbound', source: 'twilio' }} />);
    expect(screen.queryByTestId('call-log-details')).toBeNull();
  });
});
