import { expect } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Role } from '@onegraph/auth';
import type { Stack } from '@onegraph/stack';
import { graphqlRequest } from '@onegraph/testing';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

type Variables = Record<string, unknown>;

/**
 * A user of one organisation calling the gateway with a real Hub-style token (a Member unless said).
 * Operations are typed documents from codegen (`test/e2e/operations/*.graphql`): the result and
 * the variables of `ok` are typed by the document; a plain string is still accepted for a one-off.
 */
export function crmClient(stack: Stack, org: string, role: Role = 'Member', sub?: string) {
  let token: Promise<string> | undefined;
  const call = async <T = Variables>(query: string | TypedDocumentNode<T, never>, variables: Variables = {}) => {
    const res = await graphqlRequest<T>(stack.urls.graphql, query as string | TypedDocumentNode<T>, variables, await (token ??= stack.token(org, role, sub)));
    return res.body as { data?: T | null; errors?: GqlError[] };
  };
  /** Runs an operation that must succeed; returns its data. */
  function ok<T, V extends Variables>(query: TypedDocumentNode<T, V>, ...variables: Record<string, never> extends V ? [V?] : [V]): Promise<T>;
  function ok<T>(query: string, variables?: Variables): Promise<T>;
  async function ok<T>(query: string | TypedDocumentNode<T, never>, variables: Variables = {}): Promise<T> {
    const body = await call<T>(query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  }
  return {
    call,
    ok,
    /**
     * Runs an operation that must fail with `code`; returns the error. Its variables are not
     * typed by the document: a test of bad input sends what the schema's types would refuse.
     */
    async fails<T>(code: string, query: string | TypedDocumentNode<T, never>, variables: Variables = {}): Promise<GqlError> {
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
