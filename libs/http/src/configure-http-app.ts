import type { Server } from 'node:http';

import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';

import { AppConfig } from '@app/config';
import { ValidationError } from '@app/errors';

import { JsonDepthPipe } from './json-depth.pipe';
import { ProblemDetailsFilter } from './problem-details.filter';

/**
 * The HTTP pipeline shared by `main.ts` and the end-to-end tests, so tests
 * exercise exactly what production serves.
 */
export function configureHttpApp(app: INestApplication): void {
  const config = app.get(AppConfig);
  keepConnectionsAlive(app.getHttpServer() as Server, config);
  (app as NestExpressApplication).useBodyParser('json', {
    limit: jsonBodyLimitBytes(config.maxPoliciesPerRun),
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.useGlobalPipes(
    new JsonDepthPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) =>
        new ValidationError(
          'The request is not valid.',
          errors.flatMap((error) => flatten(error)),
        ),
    }),
  );
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('docs', app, openApiDocument(app));
}

/**
 * Node closes an idle keep-alive connection after 5 s by default; a client
 * or balancer that reuses it just then gets a reset instead of an answer.
 */
function keepConnectionsAlive(server: Server, config: AppConfig): void {
  server.keepAliveTimeout = config.httpKeepAliveTimeoutMs;
}

/** Express's own default, kept for every other body. */
const MIN_JSON_BODY_BYTES = 100 * 1024;
/** A quoted uuid, a comma and room for indentation. */
const JSON_BYTES_PER_POLICY = 64;

/**
 * Large enough for a selection of the most policies a run takes: a body the
 * command would accept must not meet the parser's 413 first.
 */
export function jsonBodyLimitBytes(maxPoliciesPerRun: number): number {
  return Math.max(
    MIN_JSON_BODY_BYTES,
    maxPoliciesPerRun * JSON_BYTES_PER_POLICY + 4 * 1024,
  );
}

/** The OpenAPI document of the app's routes (committed as openapi.json). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Intune backup bulk runs')
      .setDescription(
        'Commands answer at once; read models are eventually consistent with the event log. Errors are RFC 9457 problem details.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

interface ClassValidatorError {
  property: string;
  constraints?: Record<string, string>;
  children?: ClassValidatorError[];
}

function flatten(
  error: ClassValidatorError,
  parent = '',
): { field: string; message: string }[] {
  const field = parent
    ? /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : `${parent}.${error.property}`
    : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    field,
    message,
  }));
  return [
    ...own,
    ...(error.children ?? []).flatMap((child) => flatten(child, field)),
  ];
}
