import { EmailField, OptionalFullNameField } from '../../users/contact.dto';

/** POST /scp/tickets/:id/collaborators: an existing user's email, or a new user's email and name. */
export class CollaboratorDto {
  @EmailField()
  email: string;

  @OptionalFullNameField()
  name?: string;
}
