import { defineModule } from '../feature-module.js';
import { CallLogService } from './call-log-service.js';
import { callLogRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    callLogs: CallLogService;
  }
}

/**
 * Calls agents log on a conversation (issue 12; no telephony): outcome, direction, duration, notes and a
 * callback time, each one `call.logged` timeline item in the conversation. No tables: the item is the record.
 * After the conversations module (its grouping hook runs first, so the join check sees the link).
 */
export const callLogsModule = defineModule({
  name: 'call-logs',
  needs: ['ingest', 'conversations'],
  services: ({ db, services: { ingest } }) => {
    const callLogs = new CallLogService({ db, ingest });
    ingest.addWriteHook(callLogs.checkJoined);
    return { callLogs };
  },
  routes: ({ services }) => callLogRoutes(services.callLogs!),
});
