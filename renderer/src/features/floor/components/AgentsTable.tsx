import { Fragment, useState } from 'react';
import { PRESENCE_STATES, type PresenceState } from '../../../../../shared/index.js';
import { METRIC_DEFINITIONS, type FloorAgent, type MetricsSettings } from '../../../../../shared/metrics.js';
import { describeError } from '../../../api/hub-error.js';
import { useSetAgentState } from '../hooks.js';
import { BAND_WORDS, bandOf, percentWords, timeInState } from '../words.js';
import { AgentWork } from './AgentWork.js';
import { Term } from './Term.js';

export const STATE_WORDS: Record<PresenceState, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

interface Props {
  agents: readonly FloorAgent[];
  settings: MetricsSettings | undefined;
  now: number;
  /** May change states and move work (conversation.assign). */
  canManage: boolean;
}

/** Who is on the floor: state and time in it, work held against capacity, occupancy, handled today; a lead changes state and moves work here. */
export function AgentsTable({ agents, settings, now, canManage }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const setState = useSetAgentState();
  if (agents.length === 0) return <p className="muted floor-empty">Nobody in this queue yet.</p>;
  return (
    <>
      {setState.isError && (
        <p className="form-error" role="alert">
          Could not change the state: {describeError(setState.error)}
        </p>
      )}
      <div className="floor-table-wrap" role="region" aria-label="Agents" tabIndex={0}>
        <table className="floor-table floor-agents" data-testid="floor-agents">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">State</th>
              <th scope="col">In state</th>
              <th scope="col">
                <Term formula="Open conversations assigned, and the capacity units they take of the agent's 100 (a call takes all, a chat a third, an email a tenth).">Held</Term>
              </th>
              <th scope="col">
                <Term formula={METRIC_DEFINITIONS['occupancy'] ?? ''}>Occupancy</Term>
              </th>
              <th scope="col">
                <Term formula="Conversations this agent answered today.">Handled today</Term>
              </th>
              <th scope="col">
                <span className="visually-hidden">Work</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => {
              const occBand = bandOf(a.occupancy, settings?.colours.occupancy);
              const expanded = open === a.userId;
              return (
                <Fragment key={a.userId}>
                  <tr data-testid="agent-row" data-agent={a.name} data-state={a.state}>
                    <th scope="row">{a.name}</th>
                    <td>
                      {canManage ? (
                        <select
                          className={`floor-state is-${a.state}`}
                          value={a.state}
                          aria-label={`State of ${a.name}`}
                          data-testid="agent-state"
                          disabled={setState.isPending}
                          onChange={(e) => setState.mutate({ userId: a.userId, state: e.target.value as PresenceState })}
                        >
                          {PRESENCE_STATES.map((s) => (
                            <option key={s} value={s}>
                              {STATE_WORDS[s]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className={`floor-state is-${a.state}`}>{STATE_WORDS[a.state]}</span>
                      )}
                    </td>
                    <td data-testid="agent-in-state">{timeInState(a.since, now)}</td>
                    <td data-testid="agent-held">
                      {a.held} <span className="floor-cell-note">{a.heldUnits} of {a.capacityUnits} units</span>
                      <span className="floor-meter" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (a.heldUnits / Math.max(1, a.capacityUnits)) * 100)}%` }} />
                      </span>
                    </td>
                    <td className={`band-${occBand}`} data-band={occBand}>
                      {percentWords(a.occupancy)}
                      {BAND_WORDS[occBand] && <span className="visually-hidden"> ({BAND_WORDS[occBand]})</span>}
                    </td>
                    <td data-testid="agent-handled">{a.handledToday}</td>
                    <td>
                      <button type="button" className="btn btn-small" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : a.userId)} data-testid="agent-work-toggle" disabled={a.held === 0 && !expanded}>
                        {expanded ? 'Hide work' : 'Work'}
                        <span className="visually-hidden"> of {a.name}</span>
                      </button>
                    </td>
                  </tr>
                  {expanded && (
                    <tr className="floor-agent-work">
                      <td colSpan={7}>
                        <AgentWork agent={a} agents={agents} canManage={canManage} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
