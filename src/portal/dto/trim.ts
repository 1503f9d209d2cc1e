import { Transform } from 'class-transformer';

/** Form strings arrive with stray spaces; every text field is trimmed before it is validated. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
