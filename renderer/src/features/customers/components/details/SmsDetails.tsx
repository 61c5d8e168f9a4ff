import type { SmsData } from '../../../../../../shared/index.js';
import { KeyValues } from './KeyValues.js';

export function SmsDetails({ data }: { data: SmsData }) {
  return (
    <>
      <KeyValues rows={[['Direction', data.direction], ['From', data.from], ['To', data.to]]} />
      {data.body && <p className={`bubble bubble-${data.direction === 'outbound' ? 'agent' : 'customer'} sms-body`}>{data.body}</p>}
    </>
  );
}
