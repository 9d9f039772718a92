// Owns entra.test's database (one per workspace): the identity provider tables every provider shares
// (mocks/shared/external-idp/db.ts), under the name "entra".
import { ExternalIdpDb } from '../../shared/external-idp/db';

export class EntraDb extends ExternalIdpDb {
  constructor(workspaceId: string) {
    super(workspaceId, 'entra');
  }
}
