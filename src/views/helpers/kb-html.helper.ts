import * as hbs from 'hbs';
import { sanitizeArticleHtml } from '../../kb/kb-text';

const { SafeString } = hbs.handlebars;

/**
 * `{{kbHtml article.body}}`: a knowledge base article's rich text. Stored bodies were sanitized on save;
 * this sanitizes again with the same allowlist when shown, so a row written another way (or before the
 * allowlist changed) is never trusted. Returns a SafeString, so `{{ }}` prints it as is.
 */
export function kbHtml(value: unknown): InstanceType<typeof SafeString> {
  return new SafeString(typeof value === 'string' ? sanitizeArticleHtml(value) : '');
}
