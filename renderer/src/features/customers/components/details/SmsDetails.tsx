import type { SmsData } from '../../../../../../shared/index.js';
import { formatPhone } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';

/** Numbers read as people write them (`(415) 555-0142`), never as the carrier's E.164; a masked number stays as masked. */
const phone = (v: string | undefined) => (v === undefined ? undefined : formatPhone(v));

export function SmsDetails({ data }: { data: SmsData }) {
  return (
    <>
      <KeyValues rows={[['Direction', data.direction], ['From', phone(data.from)], ['To', phone(data.to)]]} />
      {data.body && <p className={`bubble bubble-${data.direction === 'outbound' ? 'agent' : 'customer'} sms-body`}>{data.body}</p>}
    </>
  );
}
