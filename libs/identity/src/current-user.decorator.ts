import { createParamDecorator, ExecutionContext } from '@nestjs/common';

import { AuthenticatedUser } from './authenticated-user';

/** Where the guard leaves the verified caller on the request. */
export const USER_KEY = Symbol('identity:user');

export type RequestWithUser = { [USER_KEY]?: AuthenticatedUser };

/** The verified caller of a non-public route. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<RequestWithUser>()[USER_KEY];
    // The guard runs before any handler; a missing user is a wiring bug.
    if (!user) throw new Error('@CurrentUser() used on a public route');
    return user;
  },
);
