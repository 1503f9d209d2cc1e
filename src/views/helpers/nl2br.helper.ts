import * as hbs from 'hbs';

const { escapeExpression, SafeString } = hbs.handlebars;

/**
 * `{{nl2br body}}`: the one helper that produces HTML. It escapes the whole text first, then turns line
 * breaks into <br>, so user text can never inject markup. Returns a SafeString, which `{{ }}` prints as is.
 * The line breaks themselves are dropped: Handlebars indents every output line of an indented partial,
 * and the text should not depend on where a template calls it.
 */
export function nl2br(value: unknown): InstanceType<typeof SafeString> {
  const text = value === null || value === undefined ? '' : String(value);
  return new SafeString(escapeExpression(text).replace(/\r\n|\r|\n/g, '<br>'));
}
