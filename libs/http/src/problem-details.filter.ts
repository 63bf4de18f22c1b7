import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';

import { DomainError } from '@app/errors';

import {
  PROBLEM_CONTENT_TYPE,
  ProblemDetails,
  problemType,
} from './problem-details';

const STATUS_BY_CODE: Record<string, number> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  concurrency_conflict: HttpStatus.CONFLICT,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
};

/**
 * The one place errors become HTTP responses: domain errors by their code,
 * Nest's HTTP exceptions by their status, anything else as a 500 that
 * reveals nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);

    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, code: problem.code },
        'request failed',
      );
    } else {
      this.logger.debug(
        { code: problem.code, status: problem.status },
        'request rejected',
      );
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(exception: unknown, request: Request): ProblemDetails {
    const instance = request.originalUrl?.split('?')[0];
    if (exception instanceof DomainError) {
      const status = STATUS_BY_CODE[exception.code] ?? HttpStatus.BAD_REQUEST;
      return {
        type: problemType(exception.code),
        title: titleOf(status),
        status,
        detail: exception.message,
        instance,
        code: exception.code,
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = codeOf(status);
      const body = exception.getResponse();
      const detail =
        typeof body === 'object' && body !== null && 'message' in body
          ? String((body as { message: unknown }).message)
          : exception.message;
      return {
        type: problemType(code),
        title: titleOf(status),
        status,
        detail,
        instance,
        code,
      };
    }
    return {
      type: problemType('internal_error'),
      title: titleOf(500),
      status: 500,
      detail: 'The server could not complete the request.',
      instance,
      code: 'internal_error',
    };
  }
}

function titleOf(status: number): string {
  return (
    Object.entries(HttpStatus)
      .find(([, value]) => value === status)?.[0]
      .toLowerCase()
      .replace(/_/g, ' ')
      .replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error'
  );
}

function codeOf(status: number): string {
  const known = Object.entries(STATUS_BY_CODE).find(([, s]) => s === status);
  if (known) return known[0];
  return status >= 500 ? 'internal_error' : `http_${status}`;
}
