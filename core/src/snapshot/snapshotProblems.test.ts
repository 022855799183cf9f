import { describe, expect, it } from 'vitest';
import { capProblems, formatPath, formatProblem, MAX_SNAPSHOT_PROBLEMS, snapshotProblem } from './snapshotProblems.js';

const problems = (count: number) => Array.from({ length: count }, (_, i) => snapshotProblem('required', `users[${i}].Identity`, 'required'));

describe('snapshot problems', () => {
  it('writes a path with indexes in brackets and names after dots', () => {
    expect(formatPath(['callingSettings', 0, 'CallGroupTargets', 2])).toBe('callingSettings[0].CallGroupTargets[2]');
  });

  it('writes the empty path as $', () => {
    expect(formatPath([])).toBe('$');
  });

  it('formats a problem as path, colon, message', () => {
    expect(formatProblem(snapshotProblem('bad-value', 'users[3].SipAddress', 'not a SIP URI'))).toBe('users[3].SipAddress: not a SIP URI');
  });

  it(`keeps exactly ${MAX_SNAPSHOT_PROBLEMS} problems as they are`, () => {
    expect(capProblems(problems(MAX_SNAPSHOT_PROBLEMS))).toHaveLength(MAX_SNAPSHOT_PROBLEMS);
  });

  it(`cuts ${MAX_SNAPSHOT_PROBLEMS + 1} problems to ${MAX_SNAPSHOT_PROBLEMS} and one saying 1 more`, () => {
    const capped = capProblems(problems(MAX_SNAPSHOT_PROBLEMS + 1));
    expect(capped).toHaveLength(MAX_SNAPSHOT_PROBLEMS + 1);
    expect(capped.at(-2)?.path).toBe(`users[${MAX_SNAPSHOT_PROBLEMS - 1}].Identity`);
    expect(capped.at(-1)).toEqual({ code: 'problems-omitted', path: '$', message: '1 more problem not shown' });
  });
});
