import { Module } from '@nestjs/common';

import { TokenIssuer } from './token-issuer';

/** Token issuing without the guard, for the CLI. */
@Module({
  providers: [TokenIssuer],
  exports: [TokenIssuer],
})
export class TokenIssuerModule {}
