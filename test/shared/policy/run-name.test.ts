import { describe, expect, it } from 'vitest';
import { runExecutionName } from '../../../shared/policy/run-name.js';

describe('runExecutionName', () => {
  const t = new Date('2025-10-26T00:00:37.123Z');

  it('is a valid Lambda durable execution name even for the longest policy name and a long subject', () => {
    const name = runExecutionName('a'.repeat(32), `prod/${'n'.repeat(63)}/StatefulSet/${'w'.repeat(253)}`, t);
    expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('is the same for the same policy, subject and minute, and differs otherwise', () => {
    const name = runExecutionName('shop', 'prod/shop/Deployment/mongo', t);
    expect(name).toMatch(/^shop-202510260000-[0-9a-f]{16}$/);
    expect(runExecutionName('shop', 'prod/shop/Deployment/mongo', new Date('2025-10-26T00:00:59Z'))).toBe(name);
    expect(runExecutionName('shop', 'prod/shop/Deployment/web', t)).not.toBe(name);
    expect(runExecutionName('shop', 'prod/shop/Deployment/mongo', new Date('2025-10-26T01:00:00Z'))).not.toBe(name);
  });
});
