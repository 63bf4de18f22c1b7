import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { loadAppConfigOrExit } from '@app/config';

import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit();
  const app = await NestFactory.create(WorkerModule.forRoot(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.port);
  app
    .get(Logger)
    .log(`worker ready, health on ${await app.getUrl()}`, 'Bootstrap');
}

void bootstrap();
