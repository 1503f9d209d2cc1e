import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length, MaxLength, ValidateBy } from 'class-validator';
import { API_SCOPES } from '../../api-keys/api-keys.entities';
import { parseAllowlist } from '../../api-keys/ip-allowlist';
import { StringList, Trim } from '../../common/form-transforms';

const NAME = 'Enter a name for the key (up to 120 characters), such as the program that will use it.';
const SCOPES = 'Choose at least one scope from the list.';

/** Checks the allow-list with the form's other fields, so one submission shows every problem at once. */
const IsAllowlist = () =>
  ValidateBy({
    name: 'isAllowlist',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseAllowlist(value).ok,
      defaultMessage: (args) => {
        const result = parseAllowlist(String(args?.value ?? ''));
        return result.ok ? 'List one address or range per line.' : result.message;
      },
    },
  });

/** POST /scp/admin/api-keys */
export class ApiKeyDto {
  @Trim()
  @IsString({ message: NAME })
  @Length(1, 120, { message: NAME })
  name: string;

  @StringList()
  @IsArray({ message: SCOPES })
  @ArrayMinSize(1, { message: SCOPES })
  @ArrayMaxSize(API_SCOPES.length, { message: SCOPES })
  @IsIn(API_SCOPES, { each: true, message: SCOPES })
  scopes: string[] = [];

  /** One address or CIDR range per line (the service checks it again). */
  @IsAllowlist()
  @IsString({ message: 'List one address or range per line.' })
  @MaxLength(4000, { message: 'The allow-list is too long (at most 4,000 characters).' })
  ipAllowlist = '';
}
