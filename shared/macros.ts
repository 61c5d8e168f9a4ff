import { z } from 'zod';
import { ConversationTagSchema, PrioritySchema, SETTABLE_STATUSES } from './conversations.js';
import { storable } from './storable-text.js';

/*
 * Canned responses and macros (issue 12), managed by leads. A canned response is a macro without actions.
 * The body is text with {{placeholders}}: the four known variables below, filled by the hub from the
 * conversation, or `{{ask:Label}}`, always asked of the agent. A known variable with no value (no order on
 * file) is asked too, so a reply never goes out with "{{order.number}}" or an empty gap in it.
 */

export const MACRO_VARIABLES = {
  'customer.firstName': 'Customer first name',
  'order.number': 'Order number',
  'agent.name': 'Agent name',
  'store.name': 'Store',
} as const;
export type MacroVariable = keyof typeof MACRO_VARIABLES;

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** One placeholder of a body: a known variable, or a question (`ask:`) with its label. */
export interface MacroPlaceholder {
  /** What `values` are keyed by: the variable name, or `ask:<label>`. */
  key: string;
  label: string;
}

/** The placeholders of a body in order of first use, or the first unknown one as an error. */
export function macroPlaceholders(body: string): { placeholders: MacroPlaceholder[]; unknown: string | null } {
  const seen = new Map<string, MacroPlaceholder>();
  for (const m of body.matchAll(PLACEHOLDER)) {
    const raw = m[1]!;
    if (raw in MACRO_VARIABLES) seen.set(raw, { key: raw, label: MACRO_VARIABLES[raw as MacroVariable] });
    else if (/^ask:\s*\S/.test(raw)) {
      const label = raw.slice(4).trim();
      seen.set(`ask:${label}`, { key: `ask:${label}`, label });
    } else return { placeholders: [], unknown: raw };
  }
  return { placeholders: [...seen.values()], unknown: null };
}

/** Fills every placeholder that has a non-blank value; `missing` lists the ones still to ask (text keeps them). */
export function renderMacro(body: string, values: Readonly<Record<string, string | null | undefined>>): { text: string; missing: MacroPlaceholder[] } {
  const { placeholders } = macroPlaceholders(body);
  const filled = new Map<string, string>();
  const missing: MacroPlaceholder[] = [];
  for (const p of placeholders) {
    const v = values[p.key]?.trim();
    if (v) filled.set(p.key, v);
    else missing.push(p);
  }
  const text = body.replace(PLACEHOLDER, (whole, raw: string) => {
    const key = raw.startsWith('ask:') ? `ask:${raw.slice(4).trim()}` : raw;
    return filled.get(key) ?? whole;
  });
  return { text, missing };
}

export const MacroActionsSchema = z
  .object({
    status: z.enum(SETTABLE_STATUSES).exclude(['snoozed']).optional(),
    priority: PrioritySchema.optional(),
    /** Added to the conversation's tags (never removes one). */
    addTags: z.array(ConversationTagSchema).max(10, 'at most 10 tags').optional(),
  })
  .strict();
export type MacroActions = z.infer<typeof MacroActionsSchema>;

const MacroBodySchema = storable(z.string().max(5_000, 'must be at most 5000 characters'))
  .refine((s) => s.trim() !== '', 'must not be empty')
  .superRefine((s, ctx) => {
    const { unknown } = macroPlaceholders(s);
    if (unknown !== null) ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${unknown}}}: use ${Object.keys(MACRO_VARIABLES).join(', ')} or ask:Your question` });
  });

export const MacroInputSchema = z
  .object({
    name: storable(z.string().trim().min(1, 'name is required').max(80, 'name is at most 80 characters')),
    body: MacroBodySchema,
    actions: MacroActionsSchema.default({}),
  })
  .strict();
export type MacroInput = z.input<typeof MacroInputSchema>;

export const MacroSchema = z.object({
  id: z.string(),
  name: z.string(),
  body: z.string(),
  actions: MacroActionsSchema,
  /** Display name of who last changed it. */
  updatedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type Macro = z.infer<typeof MacroSchema>;
export const MacroListSchema = z.object({ macros: z.array(MacroSchema) });

export const MacroIdSchema = storable(z.string().min(1, 'id is required').max(64, 'id is too long'));

export const RenderMacroRequestSchema = z
  .object({
    conversationId: storable(z.string().min(1, 'conversationId is required').max(64)),
    /** Answers to the placeholders the hub could not fill (keyed like MacroPlaceholder.key). */
    values: z.record(z.string().max(200), storable(z.string().max(500, 'an answer is at most 500 characters'))).optional(),
  })
  .strict();
export type RenderMacroRequest = z.infer<typeof RenderMacroRequestSchema>;

export const MacroPlaceholderSchema = z.object({ key: z.string(), label: z.string() });
export const RenderedMacroSchema = z.object({
  text: z.string(),
  /** Still to ask the agent before the text can be used. */
  missing: z.array(MacroPlaceholderSchema),
  actions: MacroActionsSchema,
});
export type RenderedMacro = z.infer<typeof RenderedMacroSchema>;
