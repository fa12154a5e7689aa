import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The WeChat crypto vectors live in tests/fixtures/wechat (see its README for where each one
 * comes from). Resolved from this file, so the tests do not depend on the cwd.
 */
const vectorsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/wechat');

function load<T>(file: string): T[] {
  const cases = JSON.parse(readFileSync(path.join(vectorsDir, file), 'utf8')) as unknown;
  if (!Array.isArray(cases) || cases.length === 0) throw new Error(`${file}: expected a non-empty array of cases`);
  return cases as T[];
}

export interface UrlVerificationCase {
  id: string;
  token: string;
  timestamp: string;
  nonce: string;
  echostr: string;
  signature: string;
  valid: boolean;
  wrongSignatureIfSortedNumerically?: string;
}

export interface InboundCase {
  id: string;
  tenant: string;
  messageKind: string;
  token: string;
  aesKey: string;
  appId: string;
  timestamp: string;
  nonce: string;
  randomHex: string;
  plaintextXml: string;
  plaintextUtf8Bytes?: number;
  paddingBytes?: number;
  encrypt: string;
  msgSignature: string;
  query: Record<string, string>;
  body: string;
}

export interface ReplyCase {
  id: string;
  tenant: string;
  replyKind: string;
  token: string;
  aesKey: string;
  appId: string;
  timestamp: string;
  nonce: string;
  randomHex: string;
  plaintextXml: string;
  paddingBytes?: number;
  encrypt: string;
  msgSignature: string;
  responseBody: string;
}

export interface OfficialCase {
  id: string;
  kind: string;
  token: string;
  aesKey?: string;
  appId?: string;
  timestamp: string;
  nonce: string;
  signature?: string;
  randomHex?: string;
  plaintext?: string;
  encrypt?: string;
  msgSignature?: string;
  reply?: {
    plaintext: string;
    randomHex: string;
    timestamp: string;
    nonce: string;
    encrypt: string;
    msgSignature: string;
    responseBody: string;
  };
}

export const urlVerificationCases = load<UrlVerificationCase>('url-verification.json');
export const inboundCases = load<InboundCase>('inbound-encrypted.json');
export const replyCases = load<ReplyCase>('reply-encrypted.json');
export const officialCases = load<OfficialCase>('official-samples.json');

export function officialCase(id: string): OfficialCase {
  const found = officialCases.find((c) => c.id === id);
  if (!found) throw new Error(`official-samples.json has no case ${id}`);
  return found;
}

/** Required vector field, failing loudly instead of testing against undefined. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`vector field missing: ${what}`);
  return value;
}

// The gh_ ids the vectors' plaintexts are addressed to.
export const ORIGINAL_IDS: Record<string, string> = {
  T1: 'gh_7f083739789a',
  T2: 'gh_97417a04a28d',
  T3: 'gh_c1v1c0000003',
  T4: 'gh_c1v1c0000004',
};
