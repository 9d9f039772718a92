// Owns ping.test's database (one per workspace): the identity provider tables every provider shares
// (mocks/shared/external-idp/db.ts), under the name "ping".
import { ExternalIdpDb } from '../../shared/external-idp/db';

export class PingDb extends ExternalIdpDb {
  constructor(workspaceId: string) {
    super(workspaceId, 'ping');
  }
}
