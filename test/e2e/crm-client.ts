import { expect } from 'vitest';
import type { Role } from '@onegraph/auth';
import type { Stack } from '@onegraph/stack';
import { graphqlRequest } from '@onegraph/testing';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** A user of one organisation calling the gateway with a real Hub-style token (a Member unless said). */
export function crmClient(stack: Stack, org: string, role: Role = 'Member') {
  let token: Promise<string> | undefined;
  const call = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await graphqlRequest<T>(stack.urls.graphql, query, variables, await (token ??= stack.token(org, role)));
    return res.body as { data?: T | null; errors?: GqlError[] };
  };
  return {
    call,
    /** Runs an operation that must succeed; returns its data. */
    async ok<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const body = await call<T>(query, variables);
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!;
    },
    /** Runs an operation that must fail with `code`; returns the error. */
    async fails(code: string, query: string, variables: Record<string, unknown> = {}): Promise<GqlError> {
      const body = await call(query, variables);
      expect(
        body.errors?.map((e) => e.extensions?.['code']),
        JSON.stringify(body),
      ).toContain(code);
      return body.errors!.find((e) => e.extensions?.['code'] === code)!;
    },
  };
}

export type CrmClient = ReturnType<typeof crmClient>;
