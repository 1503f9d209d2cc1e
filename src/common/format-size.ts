const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/**
 * A byte count as people read it: "12 bytes", "340 KB", "1.2 MB" (binary multiples, as file managers
 * show them). Kilobytes are whole numbers; larger units keep one decimal, dropped when it is zero.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '0 bytes';
  const whole = Math.floor(bytes);
  if (whole < 1024) return whole === 1 ? '1 byte' : `${whole} bytes`;
  let value = whole / 1024;
  let unit = 0;
  // CASE: a value that would round up to 1024 of a unit is shown in the next one ("1 MB", not "1024 KB").
  while (unit < UNITS.length - 1 && round(value, unit) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  return `${round(value, unit)} ${UNITS[unit]}`;
}

function round(value: number, unit: number): number {
  return unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
}
