import { fuzzRoutesSuite } from './fuzz-suite.js';
import { FUZZ_ROUTES } from './route-cases.js';

// POST /api/v1/events, single and batch (the fuzz suite is split in files so test workers run parts in parallel).
fuzzRoutesSuite('POST /api/v1/events', FUZZ_ROUTES.filter((r) => r.connector === 'events'));
