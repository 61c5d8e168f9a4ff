import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { DEFAULT_SESSION_POLICY, sessionPolicyFromConfig } from './session-policy.js';

describe('session policy from config', () => {
  it('defaults: associates idle out after 30 min, others after 8 h, every session ends after 12 h', () => {
    expect(DEFAULT_SESSION_POLICY).toEqual({ idleAssociateUs: 30 * 60e6, idleDefaultUs: 8 * 3600e6, lifetimeUs: 12 * 3600e6 });
    expect(sessionPolicyFromConfig(loadConfig({}, []))).toEqual({});
  });

  it('reads OMNI_SESSION_IDLE_MINUTES_ASSOCIATE / _DEFAULT and OMNI_SESSION_LIFETIME_HOURS', () => {
    const config = loadConfig({ OMNI_SESSION_IDLE_MINUTES_ASSOCIATE: '10', OMNI_SESSION_IDLE_MINUTES_DEFAULT: '90', OMNI_SESSION_LIFETIME_HOURS: '9' }, []);
    expect(sessionPolicyFromConfig(config)).toEqual({ idleAssociateUs: 10 * 60e6, idleDefaultUs: 90 * 60e6, lifetimeUs: 9 * 3600e6 });
    expect(() => loadConfig({ OMNI_SESSION_IDLE_MINUTES_ASSOCIATE: '0' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({}, ['--session-lifetime-hours', 'soon'])).toThrow(/--session-lifetime-hours must be a number/);
  });
});
