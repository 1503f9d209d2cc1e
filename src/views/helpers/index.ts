import { date } from './date.helper';
import { eq } from './eq.helper';
import { kbHtml } from './kb-html.helper';
import { nl2br } from './nl2br.helper';
import { pluralize } from './pluralize.helper';
import { url } from './url.helper';

/** Every Handlebars helper the views use; the app registers each with hbs.registerHelper(name, fn). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the shape hbs.registerHelper accepts
export const viewHelpers: Record<string, (...args: any[]) => unknown> = {
  date,
  eq,
  kbHtml,
  nl2br,
  pluralize,
  url,
};
