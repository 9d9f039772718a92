// Owns okta.test's database (one per workspace): the identity provider tables every provider shares
// (mocks/shared/external-idp/db.ts), under the name "okta".
import { ExternalIdpDb } from '../../shared/external-idp/db';

export class OktaDb extends ExternalIdpDb {
  constructor(workspaceId: string) {
    super(workspaceId, 'okta');
  }
}
