/** Demo data: a deterministic, realistic data set (`seedDemo`) and live traffic (`startSimulator`). */
export { seedDemo, type SeedOptions } from './seed.js';
export { startSimulator, simulatedEvent, type SimulatorOptions } from './simulator.js';
export { DEMO_PERSONAS, type DemoPersona } from './personas.js';
export { generateDemo, customerHistory, identityAt, DEFAULT_SEED, DEFAULT_CUSTOMERS, type GenerateOptions } from './generator.js';
export { formatPhone, PHONE_FORMATS, type PhoneFormat } from './phones.js';
export type { DemoIdentity } from './identity.js';
