/**
 * Shapes of personal data that must never be published (R-D02): a mainland ID number (GB 11643)
 * and a mobile number. Record ids are UUIDs, whose hex digits spell eleven digits like
 * `13812345678` now and then (a 12-character segment is all digits about once in 300); so text is
 * checked with its ids blanked, or a passing run would fail at random (it did, once in CI).
 */
export const idNumberShape = /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])/;
export const mobileShape = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;

const recordId = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The text with every UUID replaced by `<id>`. */
export const withoutRecordIds = (text: string) => text.replace(recordId, '<id>');
