/** Case documents from templates (issue 9 §5, §7): generation, versions, PDF, signatures. */
export { documentsForCaseFile } from './case-file';
export { documentRoutes } from './routes';
export { type SealRequest, type SealResult, type SealService, sealService } from './seal';
export type { DocumentTables } from './tables';
