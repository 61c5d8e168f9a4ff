import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CustomerValueSchema, ValueReportSchema, type CustomerValue, type ValueReport } from '../../../../../shared/index.js';
import { ScreenLinks } from '../../../app/ScreenLinks.js';
import { renderRouted } from '../../../test/render-routed.js';
import { openedCustomer } from '../../../test/opened-customer.js';
import { useSession } from '../../auth/session-store.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { ValueFigures } from './ProfileValue.js';

const MODEL = { source: 'fitted' as const, fittedAt: '2026-11-30T02:00:00.000Z', purchasingCustomers: 1234, minCustomersToFit: 500, currency: 'USD', annualDiscountRate: 0.1 };
const REPORT: ValueReport = ValueReportSchema.parse({
  model: MODEL,
  generatedAt: MODEL.fittedAt,
  purchasingCustomers: 1234,
  repeatPurchaseRate: 0.41,
  expectedValue12m: 98765.43,
  cohorts: [
    { month: '2026-09', customers: 100, retention: [1, 0.2, 0.1], repeatPurchaseRate: 0.35, expectedValue12m: 5000, meanExpectedValue12m: 50, meanPAlive: 0.7 },
    { month: '2026-10', customers: 80, retention: [1, 0.25], repeatPurchaseRate: 0.3, expectedValue12m: 4000, meanExpectedValue12m: 50, meanPAlive: 0.8 },
  ],
  channels: [{ channel: 'online', source: 'shopify', customers: 150, expectedValue12m: 8000, meanExpectedValue12m: 53.33, repeatPurchaseRate: 0.4 }],
  atRisk: [{ customerId: 'cus_1', displayName: 'Dana Lapsed', expectedValue12m: 42.5, valueIfActive12m: 184.78, totalSpend: 1280, pAlive: 0.23, activity: 'at_risk', lastPurchaseAt: '2026-07-01T00:00:00.000Z', explanation: 'usually buys every 5 weeks; nothing for 19 weeks: 23% likely still active' }],
});

let hub: Awaited<ReturnType<typeof startTinyHub>>;
beforeEach(async () => {
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/value/report') return { status: 200, body: REPORT };
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub.close();
});

function renderUi(ui: React.ReactNode) {
  return renderRouted(ui, { hubUrl: hub.url });
}

describe('customer value screen', () => {
  it('is offered to leads, not to agents', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'a@x', name: 'Agent', role: 'agent' });
    await renderUi(<ScreenLinks />);
    expect(screen.queryByTestId('open-value')).toBeNull();
  });

  it('shows the summary, charts and the at-risk list with money and percent formatted', async () => {
    useSession.getState().signIn('tok', { id: 'u', email: 'l@x', name: 'Lee Lead', role: 'lead' });
    const { router } = await renderUi(<ScreenLinks />);
    fireEvent.click(screen.getByTestId('open-value'));
    const summary = await screen.findByTestId('value-summary', {}, { timeout: 15_000 }); // the screen is lazy-loaded with its charts
    expect(summary.textContent).toContain('1,234');
    expect(summary.textContent).toContain('41%');
    expect(summary.textContent).toContain('$98,765.43');
    const rows = await screen.findAllByTestId('at-risk-row');
    expect(rows[0]!.textContent).toContain('Dana Lapsed');
    expect(rows[0]!.textContent).toContain('$184.78');
    expect(rows[0]!.textContent).toContain('At risk of lapsing (23%)');
    expect(rows[0]!.textContent).not.toContain('0.23');
    expect(document.querySelectorAll('.recharts-wrapper').length).toBe(3);
    // A customer at risk opens at their own URL (and the value screen gives way).
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Dana Lapsed' }));
    await waitFor(() => expect(openedCustomer(router)).toBe('cus_1'));
    expect(screen.queryByTestId('value-screen')).toBeNull();
  });
});

describe('profile value figures', () => {
  const value: CustomerValue = CustomerValueSchema.parse({
    model: { ...MODEL, source: 'prior', purchasingCustomers: 42 },
    purchases: 9,
    firstPurchaseAt: '2025-01-01T00:00:00.000Z',
    lastPurchaseAt: '2026-07-01T00:00:00.000Z',
    usualGapDays: 35,
    daysSinceLastPurchase: 133,
    pAlive: 0.234,
    pAlive30DaysAgo: 0.41,
    activity: 'at_risk',
    expectedPurchases90d: 0.31,
    expectedPurchases365d: 1.2,
    expectedValue12m: 96.4,
    valuePercentile: 93.2,
    tier: 'top',
    explanation: 'usually buys every 5 weeks; nothing for 19 weeks: 23% likely still active',
  });

  it('reads as words and formatted money, says when the default model is in use', async () => {
    await renderUi(<ValueFigures value={value} />);
    const block = screen.getByTestId('profile-value');
    expect(screen.getByTestId('value-12m').textContent).toContain('$96.40');
    expect(screen.getByTestId('value-12m').textContent).toContain('Top 10% value');
    expect(screen.getByTestId('value-activity').textContent).toBe('Still buying?At risk of lapsing · 23% likely active, down from 41% a month ago');
    expect(screen.getByTestId('value-purchases').textContent).toContain('less than 1 in 90 days · about 1 in a year');
    expect(screen.getByTestId('value-explanation').textContent).toContain('Usually buys every 5 weeks; nothing for 19 weeks: 23% likely still active.');
    expect(screen.getByTestId('value-prior').textContent).toContain('until 500 customers have bought here (42 so far)');
    expect(block.textContent).not.toMatch(/0\.\d{2}/);
  });
});
