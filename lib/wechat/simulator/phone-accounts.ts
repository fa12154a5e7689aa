import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { accounts, type Account } from '../../../db/schema';
import { configuredSecretKeys, openWebhookCredentials } from '../../crypto/credentials';
import type { SecretKeys } from '../../crypto/secret-box';
import type { WebhookCredentials } from '../inbound';
import type { PhoneAccount } from './phone';
import { phoneMenu, type PhoneMenuButton } from './phone-menu';

/** What the phone page may show about an account: no credentials, ever. */
export interface PhoneAccountSummary {
  slug: string;
  name: string;
  verified: boolean;
  type: 'subscription' | 'service';
  description: string;
  menu: PhoneMenuButton[];
}

/** Server side only: the summary plus what WeChat's side signs and encrypts with. */
export interface PhoneAccountWithCredentials extends PhoneAccountSummary, PhoneAccount {
  appId: string;
}

type Row = Account;

/**
 * Credentials a push can be built from: token, appId and gh_ id, plus an EncodingAESKey unless
 * the account is in plaintext mode. Accounts missing any of them cannot receive pushes yet, and
 * neither can one whose sealed credentials no configured key opens (lib/crypto/credentials.ts).
 * The opened values stay on the server: the phone's routes sign with them and return none.
 */
function credentialsOf(row: Row, keys: SecretKeys): WebhookCredentials | null {
  if (!row.token || !row.appId || !row.originalId) return null;
  if (row.messageMode !== 'plaintext' && !row.encodingAesKey) return null;
  let opened: ReturnType<typeof openWebhookCredentials>;
  try {
    // WeChat encrypts with the current key only; the previous one matters to the receiver.
    opened = openWebhookCredentials({ token: row.token, encodingAesKey: row.encodingAesKey, previousEncodingAesKey: null }, keys);
  } catch {
    return null;
  }
  return {
    token: opened.token,
    appId: row.appId,
    originalId: row.originalId,
    mode: row.messageMode,
    encodingAesKeys: opened.encodingAesKey ? [opened.encodingAesKey] : [],
  };
}

function summaryOf(row: Row): PhoneAccountSummary {
  return {
    slug: row.slug,
    name: row.name,
    verified: row.verified,
    type: row.type,
    description: row.description,
    menu: phoneMenu(row.menu),
  };
}

const usable = and(isNull(accounts.disabledAt), isNotNull(accounts.appId), isNotNull(accounts.token));

/** Every account a citizen's phone can talk to, verified ones first (look-alikes included). */
export async function listPhoneAccounts({ db }: { db: Db }): Promise<PhoneAccountSummary[]> {
  const rows = await db.select().from(accounts).where(usable);
  const keys = configuredSecretKeys();
  return rows
    .filter((row) => credentialsOf(row, keys) !== null)
    .map(summaryOf)
    .sort((a, b) => Number(b.verified) - Number(a.verified) || a.name.localeCompare(b.name, 'zh-CN'));
}

export async function loadPhoneAccount({ db, slug }: { db: Db; slug: string }): Promise<PhoneAccountWithCredentials | null> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(usable, eq(accounts.slug, slug)))
    .limit(1);
  if (!row) return null;
  const credentials = credentialsOf(row, configuredSecretKeys());
  if (!credentials) return null;
  return { ...summaryOf(row), appId: credentials.appId, credentials };
}
