import { ContactDto } from '../../users/contact.dto';

export { toContact } from '../../users/contact.dto';

/** POST /scp/users and /scp/users/:id: an end user's contact details (the portal's rules for each field). */
export class UserDto extends ContactDto {}
