import { ErrorCode, PROBLEM_CONTENT_TYPE } from '@capliquify/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/app.error';
import { buildProblem, codeForStatus, statusForCode, type ProblemInput } from '../http/problem';

export function sendProblem(request: FastifyRequest, reply: FastifyReply, input: Omit<ProblemInput, 'requestId' | 'instance'>): FastifyReply {
  const problem = buildProblem({ ...input, requestId: request.id, instance: request.url.split('?')[0] });
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function problemFromError(error: FastifyError | AppError | Error): Omit<ProblemInput, 'requestId' | 'instance'> {
  if (error instanceof AppError) return { code: error.code, detail: error.message, extensions: error.details };
  const fastifyError = error as FastifyError;
  const status = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 ? fastifyError.statusCode : 500;
  if (status >= 500) return { code: status === 503 ? ErrorCode.ServiceUnavailable : ErrorCode.Internal, status };
  if (fastifyError.validation) {
    return {
      code: ErrorCode.ValidationFailed,
      status,
      detail: 'The request did not match the expected shape.',
      errors: fastifyError.validation.map((v) => ({ path: v.instancePath || '/', message: v.message ?? 'invalid' })),
    };
  }
  return { code: codeForStatus(status), status, detail: error.message };
}

/**
 * Every HTTP error outside tRPC leaves as `application/problem+json` with our stable code and the
 * request id. 5xx errors are logged in full and answered with "Internal error" only.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const problem = problemFromError(error);
      const status = problem.status ?? statusForCode(problem.code);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: problem.code, status }, error.message);
      return sendProblem(request, reply, problem);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, { code: ErrorCode.NotFound, detail: `No route for ${request.method} ${request.url.split('?')[0]}` }),
    );
  },
  { name: 'errors', fastify: '5.x', dependencies: ['request-id'] },
);
