import { callEvent, smsEvent } from './support/events.js';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';
import { SocketLink } from './support/socket-link.js';

/*
 * End to end against the real hub: the console loses its socket, items arrive meanwhile, and on
 * reconnect the page re-watches with the last seq it saw and the hub REPLAYS what it missed (no reload).
 */
test('a console that lost its connection gets the missed items replayed when it reconnects', async ({ page, hubApi: api, signIn, customer }) => {
  const who = uniqueCustomer('reconnect');
  await api.ingest([callEvent(who)]);
  const link = await SocketLink.install(page);

  const console_ = await signIn();
  await console_.openCustomer(who.phoneE164, who.name);
  await expect(customer.items()).toHaveCount(1);
  const customerId = (await api.ingest([smsEvent(who, 'Seen live before the drop')])).results[0]!.customerId;
  await expect(customer.items()).toHaveCount(2);

  await link.cut();
  await expect(customer.timeline()).toHaveAttribute('data-live', 'reconnecting');
  const missed = await api.ingest([smsEvent(who, 'Missed while offline 1'), smsEvent(who, 'Missed while offline 2')]);
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  const before = link.packets.length;

  link.restore();
  await expect(customer.timeline()).toHaveAttribute('data-live', 'connected', { timeout: 30_000 });
  await expect(customer.items()).toHaveCount(4);
  for (const r of missed.results) await expect(customer.itemById(r.eventId)).toBeVisible();
  expect(navigations).toEqual([]);

  // The re-watch carried the last seq the page saw, and the hub answered with the two missed items.
  const after = new SocketLink();
  after.packets.push(...link.packets.slice(before));
  const rewatch = after.messages('sent').find((m) => m[0] === 'customer:watch' && (m[1] as { customerId?: string }).customerId === customerId);
  expect(rewatch?.[1]).toMatchObject({ customerId, sinceSeq: expect.any(Number) });
  const replayedIds = after
    .messages('received')
    .filter((m) => m[0] === 'timeline:item')
    .map((m) => (m[1] as { item: { id: string } }).item.id);
  expect(replayedIds).toEqual(expect.arrayContaining(missed.results.map((r) => r.eventId)));
  const acks = after.messages('received').filter((m) => m[0] === 'ack' && (m[1] as { customerId?: string }).customerId === customerId);
  expect(acks.map((a) => (a[1] as { replayed?: number }).replayed)).toContain(2);
});
