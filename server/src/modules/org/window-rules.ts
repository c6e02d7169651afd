/**
 * Pure rules of the post information board of a service window (岗位信息公示牌, R-D18).
 *
 * A board names the staff on duty, but only the agency's own channels may be printed on it: a
 * staff member's mobile number or ID number (公民身份号码) never is (R-D02, R-D13). These checks
 * run on every free-text field of a board before it is saved and published.
 */

/** Digits written with spaces or hyphens between them (138 1234 5678, 138-1234-5678) read as one number. */
const joinDigits = (text: string) => text.replace(/(?<=[0-9])[\s\u3000-](?=[0-9])/g, '');

/** A mainland mobile number (11 digits starting 13–19), not part of a longer number. */
const mobile = /(?<![0-9])(?:\+?86)?1[3-9][0-9]{9}(?![0-9])/;
/** An 18-character ID number shape (GB 11643: 17 digits and a check digit or X). */
const idNumber = /(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])/;

/**
 * R-D18: why a text may not be printed on a board, or null when it may. Refuses anything that
 * looks like a personal mobile number or an ID number; landlines (0999-88000102) and hotlines
 * (12345, 12315) pass.
 */
export function personalDataProblem(text: string): string | null {
  const joined = joinDigits(text);
  if (idNumber.test(joined)) return '公示牌不得出现公民身份号码';
  if (mobile.test(joined)) return '公示牌不得出现个人手机号码，请填写机关的办公电话或服务热线';
  return null;
}

/** Window numbers are short codes shown large on the board: letters, digits and hyphens (A03, 2-15). */
export function windowNumberProblem(number: string): string | null {
  return /^[A-Za-z0-9-]{1,10}$/.test(number) ? null : '窗口编号只能包含字母、数字和连字符，最长 10 位（例如 A03）';
}
