import { describe, expect, it } from 'vitest';
import { deadlineIsNear, formatDeadline } from '../../../renderer/src/lib/deadline.ts';

const now = new Date(2030, 0, 7, 9, 0).getTime(); // Monday 7 Jan 2030, 09:00 local

describe('formatDeadline', () => {
  it('says the weekday and time within the coming week', () => {
    expect(formatDeadline(new Date(2030, 0, 8, 14, 0).getTime(), now, 'en-GB')).toBe('Tue 14:00');
  });
  it('says the date further out, and the year when it is another', () => {
    expect(formatDeadline(new Date(2030, 2, 12, 14, 0).getTime(), now, 'en-GB')).toBe(
      '12 Mar 14:00',
    );
    expect(formatDeadline(new Date(2031, 2, 12, 14, 0).getTime(), now, 'en-GB')).toBe(
      '12 Mar 2031 14:00',
    );
  });
  it('marks a deadline within a day as near', () => {
    expect(deadlineIsNear(now + 23 * 3600_000, now)).toBe(true);
    expect(deadlineIsNear(now + 25 * 3600_000, now)).toBe(false);
  });
});
