// Owns google.test's database (one per workspace): the identity provider tables every provider shares
// (mocks/shared/external-idp/db.ts), under the name "google".
import { ExternalIdpDb } from '../../shared/external-idp/db';

export class GoogleDb extends ExternalIdpDb {
  constructor(workspaceId: string) {
    super(workspaceId, 'google');
  }
}
