import { z } from 'zod';

// zod's JIT probes `new Function` when schemas are built; our CSP (script-src 'self') forbids eval,
// so the probe only produces violation reports. Parse without the JIT. Must run before shared/ loads.
z.config({ jitless: true });
