// metav1.Time.UnmarshalJSON: time.Parse(time.RFC3339, s). This follows Go's strict RFC 3339 path
// (time/format_rfc3339.go parseRFC3339): fixed-width fields, range-checked, 'T' and 'Z' upper case,
// an optional '.'-fraction of any length, then 'Z' or ±hh:mm. Go's generic fallback parser also
// takes a few looser spellings (one-digit hours, ',' before the fraction) that no API server emits;
// they are rejected here.
import { SchedkitError } from "../errors.js";

const MS_PER_DAY = 86_400_000;

function digits(s: string, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian), exact for any year.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Milliseconds since the Unix epoch of an RFC 3339 timestamp (fractions below a millisecond are
 * truncated). Throws SchedkitError(path, text, "is not an RFC 3339 timestamp").
 */
export function parseRFC3339(text: string, path: string): number {
  const s = text;
  const bad = (): never => {
    throw new SchedkitError(path, text, "is not an RFC 3339 timestamp");
  };
  if (s.length < 20) bad();
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 7);
  const day = digits(s, 8, 10);
  const hour = digits(s, 11, 13);
  const minute = digits(s, 14, 16);
  const second = digits(s, 17, 19);
  if (s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":" || s[16] !== ":") bad();
  if (year < 0 || month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) bad();
  const monthDays = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day < 1 || day > monthDays) bad();

  let pos = 19;
  let ms = 0;
  if (s[pos] === "." && pos + 1 < s.length && digits(s, pos + 1, pos + 2) >= 0) {
    let end = pos + 1;
    while (end < s.length && digits(s, end, end + 1) >= 0) end++;
    // The first three fraction digits are the milliseconds; finer digits are dropped (truncation).
    const frac = s.slice(pos + 1, Math.min(end, pos + 4)).padEnd(3, "0");
    ms = digits(frac, 0, 3);
    pos = end;
  }

  let offsetMinutes = 0;
  const zone = s.length - pos;
  if (!(zone === 1 && s[pos] === "Z")) {
    if (zone !== 6) bad();
    const sign = s[pos];
    const oh = digits(s, pos + 1, pos + 3);
    const om = digits(s, pos + 4, pos + 6);
    if ((sign !== "+" && sign !== "-") || s[pos + 3] !== ":" || oh < 0 || oh > 23 || om < 0 || om > 59) bad();
    offsetMinutes = (sign === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return (
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    ms
  );
}
