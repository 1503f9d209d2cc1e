import { plainToInstance } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { Checkbox, StringList, Trim } from './form-transforms';
import { parseForm } from './forms';

class Sample {
  @Trim() name: unknown;
  // Absent fields keep the class's defaults: class-transformer only transforms keys that were sent.
  @Checkbox() active = false;
  @StringList() ids: string[] = [];
}

const parse = (body: Record<string, unknown>) => plainToInstance(Sample, body);

describe('form transforms', () => {
  it.each([
    [{ active: '0' }, false],
    [{ active: ['0', '1'] }, true],
    [{}, false],
    [{ active: 'on' }, true],
  ])('checkbox %j -> %s', (body, expected) => {
    expect(parse(body).active).toBe(expected);
  });

  it.each([
    [{}, []],
    [{ ids: '3' }, ['3']],
    [{ ids: ['3', '4'] }, ['3', '4']],
  ])('string list %j -> %j', (body, expected) => {
    expect(parse(body).ids).toEqual(expected);
  });

  it('trims strings and leaves arrays for validation to refuse', () => {
    expect(parse({ name: '  Ann ' }).name).toBe('Ann');
    expect(parse({ name: ['a', 'b'] }).name).toEqual(['a', 'b']);
  });

  it('needs a validator beside @Checkbox(): parseForm whitelists, and drops a property that has none', () => {
    class Unvalidated {
      @IsBoolean() visible = false;
      @Checkbox() active = false;
    }
    class Validated {
      @IsBoolean() visible = false;
      @Checkbox() @IsBoolean() active = false;
    }
    expect(parseForm(Unvalidated, { active: ['0', '1'] })).toEqual({ ok: true, value: { visible: false } });
    expect(parseForm(Validated, { active: ['0', '1'] })).toEqual({ ok: true, value: { visible: false, active: true } });
    expect(parseForm(Validated, {})).toEqual({ ok: true, value: { visible: false, active: false } });
  });
});
