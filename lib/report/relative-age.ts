// "14 months ago": how old a chart fact is, for the freshness line. `now` is an argument so the
// same report reads the same in a test, the CLI and the browser.

const dayMs = 24 * 60 * 60 * 1000;

/** Parses a FHIR date/dateTime (YYYY, YYYY-MM, YYYY-MM-DD or a timestamp); partial dates take the first day. */
function parseFhirDate(value: string): Date | null {
  const partial = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (partial) {
    const [, y, m, d] = partial;
    return new Date(Date.UTC(Number(y), m ? Number(m) - 1 : 0, d ? Number(d) : 1));
  }
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
}

/** How long before `now` the date was, in words; null when the date cannot be read. */
export function relativeAge(date: string, now: Date): string | null {
  const then = parseFhirDate(date);
  if (!then) return null;
  const days = Math.floor((now.getTime() - then.getTime()) / dayMs);
  if (days < 0) return 'dated in the future';
  if (days === 0) return 'today';
  if (days < 14) return plural(days, 'day');
  if (days < 56) return plural(Math.floor(days / 7), 'week');
  let months = (now.getUTCFullYear() - then.getUTCFullYear()) * 12 + (now.getUTCMonth() - then.getUTCMonth());
  if (now.getUTCDate() < then.getUTCDate()) months -= 1;
  if (months < 24) return plural(Math.max(months, 1), 'month');
  return plural(Math.floor(months / 12), 'year');
}
