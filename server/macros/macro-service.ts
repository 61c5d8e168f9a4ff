import { microsToIso, renderMacro, type Actor, type Macro, type MacroActions, type MacroInput, type RenderedMacro, type RenderMacroRequest } from '../../shared/index.js';
import { MacroActionsSchema, MacroInputSchema } from '../../shared/macros.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { isUniqueViolation, nowMicros } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { MacroDb, MacrosTable } from './tables.js';

/*
 * Canned responses and macros: leads write them (the route checks teams.manage), agents render them into
 * a conversation. The hub fills what it knows from the conversation (customer, last order, last store
 * visit, the agent); what it cannot fill comes back as `missing` for the console to ask.
 */

const nameKey = (name: string) => name.trim().toLowerCase();

export class MacroService {
  constructor(private readonly o: { db: MacroDb }) {}

  async list(): Promise<Macro[]> {
    const rows = await this.o.db.selectFrom('macros').selectAll().orderBy('name_key').limit(500).execute();
    return Promise.all(rows.map((r) => this.toMacro(r)));
  }

  async create(actor: Actor, input: MacroInput): Promise<Macro> {
    const body = MacroInputSchema.parse(input);
    const now = nowMicros();
    const row: MacrosTable = { id: `mac_${ulid()}`, name: body.name, name_key: nameKey(body.name), body: body.body, actions: JSON.stringify(body.actions), updated_by: userOf(actor), created_at_us: now, updated_at_us: now };
    try {
      await this.o.db.insertInto('macros').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('name', `a macro named "${body.name}" already exists`);
      throw err;
    }
    return this.toMacro(row);
  }

  async update(actor: Actor, id: string, input: MacroInput): Promise<Macro> {
    const body = MacroInputSchema.parse(input);
    try {
      const r = await this.o.db
        .updateTable('macros')
        .set({ name: body.name, name_key: nameKey(body.name), body: body.body, actions: JSON.stringify(body.actions), updated_by: userOf(actor), updated_at_us: nowMicros() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new NotFoundError('id', `no macro with id "${id}"`);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('name', `a macro named "${body.name}" already exists`);
      throw err;
    }
    return this.toMacro(await this.row(id));
  }

  async remove(id: string): Promise<{ deleted: boolean }> {
    const r = await this.o.db.deleteFrom('macros').where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) throw new NotFoundError('id', `no macro with id "${id}"`);
    return { deleted: true };
  }

  /** The macro's text for this conversation, with `values` (the agent's answers) taking precedence over what the hub knows. */
  async render(actor: Actor, id: string, req: RenderMacroRequest): Promise<RenderedMacro> {
    const macro = await this.row(id);
    const conv = await this.o.db.selectFrom('conversations').select(['customer_id']).where('id', '=', req.conversationId).executeTakeFirst();
    if (!conv) throw new NotFoundError('conversationId', `no conversation with id "${req.conversationId}"`);
    const known = await this.variables(actor, conv.customer_id);
    const { text, missing } = renderMacro(macro.body, { ...known, ...(req.values ?? {}) });
    return { text, missing, actions: MacroActionsSchema.parse(JSON.parse(macro.actions)) as MacroActions };
  }

  private async variables(actor: Actor, customerId: string): Promise<Record<string, string | null>> {
    const db = this.o.db;
    const [customer, agent, order, visits] = await Promise.all([
      db.selectFrom('customers').select(['display_name', 'name_rank']).where('id', '=', customerId).executeTakeFirst(),
      actor.kind === 'user' ? db.selectFrom('users').select('name').where('id', '=', actor.userId).executeTakeFirst() : undefined,
      db
        .selectFrom('event_refs')
        .innerJoin('events', 'events.id', 'event_refs.event_id')
        .select('event_refs.value')
        .where('event_refs.customer_id', '=', customerId)
        .where('event_refs.kind', '=', 'order')
        .orderBy('events.occurred_at_us', 'desc')
        .limit(1)
        .executeTakeFirst(),
      // The latest store the customer was in: store events carry data.storeName.
      db.selectFrom('events').select('data').where('customer_id', '=', customerId).where('channel', '=', 'store').orderBy('occurred_at_us', 'desc').limit(20).execute(),
    ]);
    // Only a real name (rank 3) has a first name; an email or phone shown as the name does not.
    const firstName = customer && customer.name_rank >= 3 ? (customer.display_name.trim().split(/\s+/)[0] ?? null) : null;
    let store: string | null = null;
    for (const v of visits) {
      const name = (JSON.parse(v.data) as { storeName?: unknown }).storeName;
      if (typeof name === 'string' && name.trim() !== '') {
        store = name.trim();
        break;
      }
    }
    return { 'customer.firstName': firstName, 'order.number': order?.value ?? null, 'agent.name': agent?.name ?? null, 'store.name': store };
  }

  private async row(id: string): Promise<MacrosTable> {
    const r = await this.o.db.selectFrom('macros').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError('id', `no macro with id "${id}"`);
    return r;
  }

  private async toMacro(r: MacrosTable): Promise<Macro> {
    const who = r.updated_by ? await this.o.db.selectFrom('users').select('name').where('id', '=', r.updated_by).executeTakeFirst() : undefined;
    return { id: r.id, name: r.name, body: r.body, actions: MacroActionsSchema.parse(JSON.parse(r.actions)), updatedByName: who?.name ?? null, updatedAt: microsToIso(r.updated_at_us) };
  }
}

const userOf = (actor: Actor): string | null => (actor.kind === 'user' ? actor.userId : null);
