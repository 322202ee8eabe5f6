import { createLogger } from '../../ops/logger.js';

/** Tests log nothing unless LOG_LEVEL asks for it. */
export const testLogger = () => createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
