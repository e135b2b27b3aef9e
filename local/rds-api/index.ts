/**
 * Public surface of the local RDS API stand-in (see README.md).
 */
export type { RdsEvent, RdsEventDetail, RdsSourceType } from './events.js';
export type { ExportSink } from './exporter.js';
export type { Delays, Quotas, RdsApiOptions } from './options.js';
export { parseDelays } from './options.js';
export type { CreateDbInput, DbInfo, RdsApi } from './server.js';
export { startRdsApi } from './server.js';
