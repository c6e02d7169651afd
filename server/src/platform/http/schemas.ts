import { Type } from '@sinclair/typebox';

/** `{ code, message, details }`: the one error shape of the API (STYLE.md §9). */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: '稳定的错误代码，如 VALIDATION_FAILED' }),
    message: Type.String({ description: '中文说明' }),
    details: Type.Object({}, { additionalProperties: true }),
  },
  { $id: 'ErrorBody', additionalProperties: false },
);

const ref = Type.Ref('ErrorBody');
export const errorResponses = { '4xx': ref, '5xx': ref } as const;

/**
 * A record id: every id the platform makes is `randomUUID()` (services, jobs, revisions), so an id
 * parameter that is not a UUID is refused with 400 naming it, instead of reading as "no rows"
 * (`agencyId=not-a-uuid` answered 200 with an empty list, issue 7 §4).
 */
export const Id = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
