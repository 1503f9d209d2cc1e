import sanitizeHtml from 'sanitize-html';

export interface TemplateText {
  subject: string;
  text: string;
  html: string;
}

export type TemplateVars = Record<string, string | null | undefined>;

const VARIABLE = /%\{([a-z_]+(?:\.[a-z_]+)*)\}/g;

/** What an admin's HTML body may keep: formatting and links, no scripts, styles sheets or remote images. */
const HTML_ALLOWLIST: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'a', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div', 'pre', 'code'],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
};

/**
 * Fills `%{name}` variables by plain substitution (SECURITY 14: admin text is never compiled as a
 * template). A name without a value stays visible as typed, so a typo shows in the preview. In the HTML
 * body the values are escaped (and line breaks kept), then the result passes the allowlist.
 */
export function renderTemplate(template: TemplateText, vars: TemplateVars): TemplateText {
  const fill = (source: string, encode: (value: string) => string) =>
    source.replace(VARIABLE, (whole, name: string) => {
      const value = vars[name];
      return value === undefined || value === null ? whole : encode(value);
    });
  return {
    subject: fill(template.subject, (v) => v).replace(/[\r\n]+/g, ' '),
    text: fill(template.text, (v) => v),
    html: sanitizeHtml(fill(template.html, (v) => escapeHtml(v).replace(/\r?\n/g, '<br>')), HTML_ALLOWLIST),
  };
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
