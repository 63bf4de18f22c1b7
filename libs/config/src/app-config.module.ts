import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';

import { AppConfig, loadAppConfig } from './app-config';

const APP = 'app';

/**
 * Global configuration. Values come from the environment, validated once by
 * {@link loadAppConfig}; `overrides` replace single variables (tests).
 */
@Module({})
export class AppConfigModule {
  static forRoot(
    overrides: Record<string, string | undefined> = {},
  ): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [
            () => ({ [APP]: loadAppConfig({ ...process.env, ...overrides }) }),
          ],
        }),
      ],
      providers: [
        {
          provide: AppConfig,
          useFactory: (config: ConfigService) => config.getOrThrow(APP),
          inject: [ConfigService],
        },
      ],
      exports: [AppConfig],
    };
  }
}
