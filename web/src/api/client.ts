import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** The problem+json body of every refusal (RFC 9457), as the API documents it. */
export type Problem = components['schemas']['Problem'] & { code?: string };

type Json<P extends keyof paths, M extends 'get' | 'post', S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type RegisterPage = Json<'/membership/register', 'get', 200>;
export type RegisterEntry = RegisterPage['items'][number];
export type ApplicationView = Json<'/membership/applications/{applicationId}', 'get', 200>;
export type ApplicationRecorded = Json<'/membership/applications', 'post', 201>;
export type ApplyBody = paths['/membership/applications']['post']['requestBody']['content']['application/json'];
export type Person = Json<'/auth/session', 'get', 200>;
export type Role = Person['role'];
export type MemberCategory = RegisterEntry['category'];

let csrfToken: string | null = null;
/** The session's CSRF token, sent as X-CSRF-Token with every write (the cookie alone is refused). */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

const headers: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json');
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** The API, typed from the OpenAPI document the service produces: a renamed field fails the build. */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(headers);

/** The problem of a failed answer, or a stand-in when the body is not problem+json (network, proxy). */
export function problemOf(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'status' in error) return error as Problem;
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
}

/** Thrown by `must` when an answer is not a success: the screens show it. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** The data of a successful answer, or an ApiProblem. */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw new ApiProblem(problemOf(error, response));
  return data;
}
