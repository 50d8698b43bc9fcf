const DAY = 24 * 60 * 60_000;

/**
 * A deadline the way people plan around it: "Tue 14:00" within the coming week, "12 Mar 14:00"
 * further out (and the year when it is not this one). 24-hour or 12-hour clock by locale.
 */
export function formatDeadline(at: number, now: number, locale?: string): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (at - now < 6 * DAY && at > now - DAY) {
    const weekday = date.toLocaleDateString(locale, { weekday: 'short' });
    return `${weekday} ${time}`;
  }
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  const day = date.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${day} ${time}`;
}

/** Whether a sign-in deadline is close enough to stand out (within a day). */
export function deadlineIsNear(at: number, now: number): boolean {
  return at - now < DAY;
}
