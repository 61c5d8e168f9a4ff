import { fuzzRoutesSuite } from './fuzz-suite.js';
import { FUZZ_ROUTES } from './route-cases.js';

// Connectors behind the ingest key: raw email, SendGrid Inbound Parse, chat, POS.
fuzzRoutesSuite('keyed connectors', FUZZ_ROUTES.filter((r) => r.auth === 'key' && r.connector !== 'events'));
