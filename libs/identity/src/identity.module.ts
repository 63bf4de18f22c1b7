import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { AuthGuard } from './auth.guard';
import { TokenIssuer } from './token-issuer';
import { TokenVerifier } from './token-verifier';

/**
 * Authentication and authorisation. Importing it installs {@link AuthGuard}
 * globally: every HTTP route is closed unless marked `@Public()`.
 */
@Module({
  providers: [
    TokenVerifier,
    TokenIssuer,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier, TokenIssuer],
})
export class IdentityModule {}
