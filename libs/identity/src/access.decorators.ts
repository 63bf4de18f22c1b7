import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { TenantAction } from './access-policy';

export const PUBLIC_KEY = 'identity:public';
export const ACCESS_KEY = 'identity:access';

export type AccessRule =
  | { readonly kind: 'tenant'; readonly action: TenantAction }
  | { readonly kind: 'admin' }
  | { readonly kind: 'authenticated' };

/** No token needed: health, metrics and similar operational routes. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/**
 * A route under `:tenantId`: the tenant must be one of the caller's (else
 * 404, whether or not it exists) and the caller's role there must allow
 * `action` (else 403). Routes with a `:tenantId` parameter and no such rule
 * are refused, so a forgotten decorator fails closed.
 */
export const TenantAccess = (action: TenantAction) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'tenant', action } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid token.' }),
    ApiForbiddenResponse({ description: 'Role does not allow this.' }),
    ApiNotFoundResponse({ description: 'Not one of your tenants.' }),
  );

/** An admin route: needs the `support` role in at least one tenant. */
export const SupportAccess = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'admin' } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid token.' }),
    ApiForbiddenResponse({ description: 'Needs the support role.' }),
  );

/** Any signed-in user, about themselves (e.g. their notifications). */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid token.' }),
  );
