import { useMutation } from '@tanstack/react-query';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { createAuditApi } from '../api.js';

/** "Check the record": the hub walks the hash chain and says whether any entry was changed or removed. */
export function ChainCheck() {
  const api = useFeatureApi(createAuditApi);
  const check = useMutation({ mutationFn: () => api.verifyChain() });
  const r = check.data;
  return (
    <div className="audit-chain">
      <button type="button" className="btn" data-testid="audit-verify" disabled={check.isPending} onClick={() => check.mutate()}>
        {check.isPending ? 'Checking…' : 'Check the record'}
      </button>
      <span role="status" data-testid="audit-verify-result" className={r ? (r.ok ? 'audit-chain-ok' : 'audit-chain-broken') : undefined}>
        {r && (r.ok ? `Intact: ${r.rows.toLocaleString()} entries, none changed or removed.` : `Broken${r.broken?.seq ? ` at entry ${r.broken.seq}` : ''}: ${r.broken?.reason ?? 'unknown reason'}.`)}
        {check.isError && `Could not check: ${describeError(check.error)}`}
      </span>
    </div>
  );
}
