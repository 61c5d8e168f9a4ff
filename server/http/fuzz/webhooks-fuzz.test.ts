import { fuzzRoutesSuite } from './fuzz-suite.js';
import { FUZZ_ROUTES } from './route-cases.js';

// Signed webhooks: Shopify (HMAC-SHA256) and Twilio voice/messaging (X-Twilio-Signature).
fuzzRoutesSuite('signed webhooks', FUZZ_ROUTES.filter((r) => r.auth === 'signature'));
