import type { IntakeSample } from './filter-engine';

/**
 * What the intake filters look at for a new ticket: the sender, the text, the chosen help topic's full
 * name, the source, and the answers to custom fields by field name (unanswered ones as "").
 */
export function intakeSample(
  input: { email: string; name: string; subject: string; message: string; source: IntakeSample['source'] },
  topic: { fullName: string } | null,
  answers: { field: { name: string }; value: string | null }[],
): IntakeSample {
  return {
    email: input.email.trim(),
    name: input.name.trim(),
    subject: input.subject,
    body: input.message,
    helpTopic: topic?.fullName ?? null,
    source: input.source,
    fields: Object.fromEntries(answers.map((a) => [a.field.name, a.value ?? ''])),
  };
}
