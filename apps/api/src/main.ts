import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { loadAppConfigOrExit } from '@app/config';
import { configureHttpApp } from '@app/http';

import { ApiModule } from './api.module';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit();
  const app = await NestFactory.create(ApiModule.forRoot(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  configureHttpApp(app);
  await app.listen(config.port);
  app.get(Logger).log(`API listening on ${await app.getUrl()}`, 'Bootstrap');
}

void bootstrap();
