/** The built-in procedure definitions, version 1 (issue 8 §2); a jurisdiction may add versions. */
import type { ProcedureDefinition } from '../definition';
import { coerciveMeasure } from './coercive';
import { general } from './general';
import { inspection } from './inspection';
import { licensing } from './licensing';
import { simple } from './simple';

export const builtInProcedures: ProcedureDefinition[] = [general, simple, inspection, coerciveMeasure, licensing];

export { coerciveMeasure, general, inspection, licensing, simple };
