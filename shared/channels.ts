import { z } from 'zod';

/** Every channel a customer can reach us (or we them) on. Order is the UI's filter order. */
export const CHANNELS = ['phone', 'email', 'chat', 'sms', 'store', 'purchase', 'web', 'social', 'note'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export type ChannelCounts = Record<Channel, number>;
export const ChannelCountsSchema = z.record(ChannelSchema, z.number().int().nonnegative()) as unknown as z.ZodType<ChannelCounts>;

export function emptyChannelCounts(): ChannelCounts {
  return Object.fromEntries(CHANNELS.map((c) => [c, 0])) as ChannelCounts;
}
