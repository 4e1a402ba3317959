import { describe, expect, it } from 'vitest';
import { isOutage } from '../../../api/errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('a dependency outage is 503, not 500', () => {
  it('recognises refused and dropped connections and PostgreSQL shutdown classes', () => {
    expect(isOutage(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isOutage(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isOutage(withCode('connection failure', '08006'))).toBe(true);
  });

  it('leaves real bugs and bad data as they are', () => {
    expect(isOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isOutage(withCode('invalid input syntax', '22P02'))).toBe(false);
    expect(isOutage('ECONNREFUSED')).toBe(false);
  });
});
