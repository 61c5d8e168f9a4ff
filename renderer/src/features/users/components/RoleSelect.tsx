import { ROLES, type Role } from '../../../../../shared/index.js';
import { ROLE_WORDS } from '../../auth/words.js';

const ROLE_HINT: Readonly<Record<Role, string>> = {
  associate: 'store counter: sees masked contact details, may reveal one with a reason',
  agent: 'works conversations, merges duplicates',
  lead: 'staffs teams, reads the audit, undoes anyone’s merge',
  admin: 'everything, including users and connectors',
};

/** The role, in words, with what it may do. */
export function RoleSelect({ value, onChange, error }: { value: Role; onChange: (r: Role) => void; error?: string | undefined }) {
  return (
    <label>
      Role
      <select value={value} data-testid="user-role" onChange={(e) => onChange(e.target.value as Role)} aria-invalid={Boolean(error)}>
        {[...ROLES].reverse().map((r) => (
          <option key={r} value={r}>
            {ROLE_WORDS[r]}: {ROLE_HINT[r]}
          </option>
        ))}
      </select>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
