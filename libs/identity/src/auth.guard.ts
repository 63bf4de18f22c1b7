import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import {
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '@app/errors';

import {
  AccessDecision,
  decideAdminAccess,
  decideTenantAccess,
} from './access-policy';
import { ACCESS_KEY, AccessRule, PUBLIC_KEY } from './access.decorators';
import { RequestWithUser, USER_KEY } from './current-user.decorator';
import { UUID } from './tenant-claims';
import { TokenVerifier } from './token-verifier';

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]*)$/i;

/**
 * The global guard: every route needs a valid bearer token unless marked
 * `@Public()`, and every route with a `:tenantId` needs `@TenantAccess`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      return true;
    }

    const request = context.switchToHttp().getRequest<Request>();
    const user = await this.verifier.verify(bearerToken(request));
    (request as RequestWithUser)[USER_KEY] = user;

    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(
      ACCESS_KEY,
      targets,
    );
    const tenantId = request.params?.tenantId;
    if (rule?.kind === 'tenant') {
      if (typeof tenantId !== 'string') {
        throw new Error('@TenantAccess() on a route without :tenantId');
      }
      if (!UUID.test(tenantId)) {
        throw new ValidationError('The tenant id is not valid.', [
          { field: 'tenantId', message: 'tenantId must be a UUID' },
        ]);
      }
      enforce(decideTenantAccess(user, tenantId, rule.action), tenantId);
    } else if (rule?.kind === 'admin') {
      enforce(decideAdminAccess(user), '');
    } else if (tenantId !== undefined) {
      this.logger.error(
        { route: request.route?.path },
        'tenant route without an access rule refused',
      );
      throw new ForbiddenError('This route has no access rule.');
    }
    return true;
  }
}

function bearerToken(request: Request): string {
  const header = request.headers.authorization;
  if (!header) {
    throw new UnauthenticatedError('A bearer token is required.');
  }
  const match = BEARER.exec(header);
  if (!match) {
    throw new UnauthenticatedError('The Authorization header is malformed.');
  }
  return match[1];
}

function enforce(decision: AccessDecision, tenantId: string): void {
  if (decision === 'not_found') throw new NotFoundError('tenant', tenantId);
  if (decision === 'forbidden') {
    throw new ForbiddenError('Your role does not allow this action.');
  }
}
