import { Module } from '@nestjs/common';

import { AppConfig } from '@app/config';

import { SecretBox } from './secret-box';

/** Encryption at rest under `SECRETS_KEY`. */
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [AppConfig],
      // TODO(3): accept retired keys from configuration once rotation is
      // needed; the stored format already names its key.
      useFactory: (config: AppConfig) => new SecretBox(config.secretsKey),
    },
  ],
  exports: [SecretBox],
})
export class SecretsModule {}
