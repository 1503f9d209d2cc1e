import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';

/*
 * These only convert what the browser sent; class-validator still judges the result. parseForm
 * validates with `whitelist: true`, which drops every property that carries no class-validator
 * decorator: each property needs one (`@IsString()`, `@IsBoolean()`, `@IsOptional()`, ...) besides
 * its transform, or it silently disappears from the parsed DTO.
 *
 * Give a @Checkbox() or @StringList() property a default (`= false`, `= []`): class-transformer only
 * transforms keys that were sent, so an unticked checkbox group would otherwise stay undefined.
 */

/** Trims text fields; anything that is not a string (an array from a repeated field) is left to fail validation. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A checkbox rendered by `shared/checkbox-field` posts "0" then "1" when ticked, so the body holds
 * "0" or ["0", "1"]: the last value wins. Pair it with `@IsBoolean()` and a default:
 * `@Checkbox() @IsBoolean() isPublic = false;` (without a validator parseForm drops the property).
 */
export const Checkbox = () =>
  Transform(({ value }) => {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    return last === '1' || last === 'on' || last === 'true' || last === true;
  });

/**
 * A repeated field (checkbox group, multi-select) as a string array, whether zero, one or many were sent.
 * Pair it with validators for the list and each item (`@ArrayMaxSize(50) @Matches(ID, { each: true })`) and the default `= []`.
 */
export const StringList = () =>
  Transform(({ value }) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]));

/**
 * One decorator made of several, listed as they would stand stacked on a property, for a field that
 * several forms share. TypeScript applies a stack bottom-up, so they are applied in reverse: the
 * constraints register in the same order (forms.ts picks the message by that order among equals).
 */
export const stacked = (...decorators: PropertyDecorator[]) => applyDecorators(...decorators.reverse());
