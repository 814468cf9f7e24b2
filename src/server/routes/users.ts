import { z } from 'zod';
import { route, signedIn, type RouteSpec } from '../route.js';
import type { Runtime } from '../runtime.js';
import { newUserBody, userView } from '../schemas.js';

export function userRoutes(rt: Runtime): RouteSpec[] {
  const { auth } = rt.deps;
  const NAME = { name: 'user name' };
  return [
    route({
      method: 'get',
      path: '/api/v1/users',
      operationId: 'listUsers',
      tag: 'users',
      summary: 'Every user (never a password hash)',
      access: 'users.manage',
      answers: { 200: { description: 'the users', content: { 'application/json': z.object({ items: z.array(userView) }) } } },
      async handle({ c }) {
        return c.json({ items: await auth.listUsers() }, 200);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/users',
      operationId: 'addUser',
      tag: 'users',
      summary: 'Add a user',
      description: 'Passwords: at least 8 characters, not the user name. Names are not case-sensitive (kept in lower case). 409 USER_EXISTS or OPERATOR_NO_TAKEN. Journaled as user.added.',
      access: 'users.manage',
      body: newUserBody,
      answers: { 201: { description: 'added', content: { 'application/json': userView } }, 409: { description: 'USER_EXISTS, OPERATOR_NO_TAKEN', content: { 'application/problem+json': null } } },
      async handle({ c, body, session }) {
        const user = await auth.addUser(body, signedIn(session).user.name);
        c.header('Location', `/api/v1/users/${user.name}`);
        return c.json(user, 201);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/users/{name}/disable',
      operationId: 'disableUser',
      tag: 'users',
      summary: 'Disable a user: no sign-in, no approval, every session ends',
      description: 'The last enabled admin cannot be disabled (409 LAST_ADMIN).',
      access: 'users.manage',
      params: NAME,
      answers: { 200: { description: 'disabled', content: { 'application/json': userView } }, 409: { description: 'LAST_ADMIN', content: { 'application/problem+json': null } } },
      async handle({ c, params, session }) {
        return c.json(await auth.disableUser(params.name ?? '', signedIn(session).user.name), 200);
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/users/{name}/enable',
      operationId: 'enableUser',
      tag: 'users',
      summary: 'Enable a disabled user again',
      access: 'users.manage',
      params: NAME,
      answers: { 200: { description: 'enabled', content: { 'application/json': userView } } },
      async handle({ c, params, session }) {
        return c.json(await auth.enableUser(params.name ?? '', signedIn(session).user.name), 200);
      },
    }),
  ];
}
