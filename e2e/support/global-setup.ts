import { rmSync } from 'node:fs';
import { E2E_HUB } from './env.js';

// Runs before the webServer starts: every e2e run gets an empty database.
export default function globalSetup(): void {
  rmSync(E2E_HUB.dataDir, { recursive: true, force: true });
}
