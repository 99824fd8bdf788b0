/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read as untyped JSON */
import { loadOrCreateSigningKey, mintToken } from '@rre/auth';

export type Answer = { data?: any; errors?: any[] };

/** The people who drive the chain, as tokens signed with the plant's local key. */
export interface ChainTokens {
  recycler: string;
  otherRecycler: string;
  lab: string;
  operator: string;
  mes: string;
  auditor: string;
}

export interface GatewayClient {
  readonly tokens: ChainTokens;
  /** The answer as it came (data and errors). */
  call(token: string, query: string, variables?: Record<string, unknown>): Promise<Answer>;
  /** The data; throws with the errors if there are any. */
  ok(token: string, query: string, variables?: Record<string, unknown>): Promise<any>;
}

/** A client of the gateway's /graphql, with tokens signed by the key in `keyDir` (AUTH_KEY_DIR). */
export async function gatewayClient(gatewayUrl: string, keyDir: string): Promise<GatewayClient> {
  const key = await loadOrCreateSigningKey(keyDir);
  const tokens: ChainTokens = {
    recycler: await mintToken(key, {
      subject: 'usr-recycler-1',
      organisationId: 'org-recycler-a',
      roles: ['recycler'],
    }),
    otherRecycler: await mintToken(key, {
      subject: 'usr-recycler-9',
      organisationId: 'org-recycler-b',
      roles: ['recycler'],
    }),
    lab: await mintToken(key, { subject: 'usr-lab-1', organisationId: 'org-plant', roles: ['lab'] }),
    operator: await mintToken(key, { subject: 'usr-op-1', organisationId: 'org-plant', roles: ['operator'] }),
    mes: await mintToken(key, {
      subject: 'mes-line-2',
      organisationId: 'org-plant',
      roles: ['operator'],
      machine: true,
    }),
    auditor: await mintToken(key, {
      subject: 'usr-audit-1',
      organisationId: 'org-audit',
      roles: ['auditor'],
    }),
  };
  const call = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as Answer;
    } catch {
      throw new Error(`the gateway answered ${response.status} with no JSON: ${text.slice(0, 500)}`);
    }
  };
  const ok = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const answer = await call(token, query, variables);
    if (answer.errors) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
    return answer.data;
  };
  return { tokens, call, ok };
}
