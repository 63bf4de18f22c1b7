import type { NextFunction, Request, Response } from 'express';

import { UnauthenticatedError } from '@app/errors';
import { PROBLEM_CONTENT_TYPE, problemType } from '@app/http';
import { decideAdminAccess, TokenVerifier } from '@app/identity';

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/i;

/**
 * Guards plain Express routes that Nest's global guard never sees (the
 * queue board): a valid bearer token with the support role, else 401 or
 * 403 as problem details.
 */
export function supportOnly(verifier: TokenVerifier) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match) {
      refuse(res, 401, 'unauthenticated', 'A bearer token is required.');
      return;
    }
    verifier.verify(match[1]).then(
      (user) => {
        if (decideAdminAccess(user) === 'allow') {
          next();
        } else {
          refuse(res, 403, 'forbidden', 'Needs the support role.');
        }
      },
      (error: unknown) => {
        if (error instanceof UnauthenticatedError) {
          refuse(res, 401, 'unauthenticated', error.message);
        } else {
          next(error);
        }
      },
    );
  };
}

function refuse(
  res: Response,
  status: number,
  code: string,
  detail: string,
): void {
  if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  res
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(code),
        title: status === 401 ? 'Unauthorized' : 'Forbidden',
        status,
        detail,
        code,
      }),
    );
}
