/** The one place a thrown error becomes an HTTP answer: always an OperationOutcome, never a stack trace. */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { CdsError, Failure } from '../contract/outcomes.js';
import { logFields } from './logging.js';

/** body-parser's error types, mapped to our failures. */
function fromBodyParser(err: { type?: string; message?: string }): CdsError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new CdsError(Failure.TooLarge, 'The request body is larger than this service accepts');
    case 'entity.parse.failed':
      return new CdsError(Failure.BadRequest, `The request body is not valid JSON (${(err.message ?? '').slice(0, 200)})`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new CdsError(Failure.UnsupportedMediaType, 'The request body must be JSON in UTF-8');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new CdsError(Failure.BadRequest, 'The request body could not be read');
    default:
      return undefined;
  }
}

export function errorHandler(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    let error = err instanceof CdsError ? err : fromBodyParser((err ?? {}) as { type?: string; message?: string });
    if (!error) {
      // A defect: log it here (no request data in it), tell the caller nothing of the inside.
      // The request id (set by requestLog) ties this line to the request's own line.
      const requestId = res.getHeader('X-Request-Id');
      logger.error({ err, ...(typeof requestId === 'string' ? { requestId } : {}) }, 'unhandled error');
      error = new CdsError(Failure.Internal, 'The service failed to process this request');
    }
    const f = logFields(res);
    res.locals.failure = error; // for the metrics (412 causes)
    f.error = error.failure;
    if (error.logDetail) f.detail = error.logDetail;
    if (res.headersSent) return;
    res.status(error.status).type('application/fhir+json').json(error.toOperationOutcome());
  };
}
