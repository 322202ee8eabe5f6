/** The public face of ops/app: what other folders may import from it. */
export { createJobHandlers } from './job-handlers.js';
export { createRuntime, type Runtime } from './runtime.js';
export { createUseCases, type UseCases } from './use-cases.js';
