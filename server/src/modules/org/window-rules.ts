/**
 * Pure rules of the post information board of a service window (岗位信息公示牌, R-D18).
 *
 * A board names the staff on duty, but only the agency's own channels may be printed on it: a
 * staff member's mobile number or ID number (公民身份号码) never is (R-D02, R-D13). That check is
 * the disclosure module's personal-data detector (`findPersonalData`), run on every free-text
 * field of a board before it is saved and published; this file keeps only what is the board's own.
 */

/** What a refused board text is told besides the detector's reason. */
export const boardPersonalDataHint = '公示牌只能写机关的办公电话或服务热线';

/** Window numbers are short codes shown large on the board: letters, digits and hyphens (A03, 2-15). */
export function windowNumberProblem(number: string): string | null {
  return /^[A-Za-z0-9-]{1,10}$/.test(number) ? null : '窗口编号只能包含字母、数字和连字符，最长 10 位（例如 A03）';
}
