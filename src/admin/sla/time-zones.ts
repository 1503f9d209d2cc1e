/** The time zones offered in schedule and preview forms: UTC first, then every zone this Node.js knows. */
export function timeZoneList(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}
