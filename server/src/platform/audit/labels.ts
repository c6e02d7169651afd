/**
 * Chinese names of journal actions, for the audit-log viewer. Unknown actions show as-is.
 * The platform names its own actions here; each module registers its own from its index.ts
 * (`registerAuditLabels`), so platform/ lists no module's actions (ADR 0007).
 */
const platformLabels: Record<string, string> = {
  'auth.login': '登录成功',
  'auth.login_failed': '登录失败',
  'auth.login_unknown_user': '登录失败（用户不存在）',
  'auth.login_refused_locked': '登录被拒（账户锁定中）',
  'auth.account_locked': '账户锁定',
  'auth.logout': '退出登录',
  'auth.session_expired': '会话超时',
  'auth.denied': '越权访问被拒绝',
  'user.create': '创建用户',
  'user.update': '修改用户',
  'user.roles': '设置角色',
  'user.reset_password': '重置密码',
  'user.password_change': '修改密码',
  'user.unlock': '解除锁定',
  'user.totp_enrol_start': '开始绑定身份验证器',
  'user.totp_enabled': '启用双因素认证',
  'user.totp_disabled': '停用双因素认证',
  'policy.update': '修改安全策略',
  'jurisdiction.create': '新增行政区划',
  'journal.checkpoint': '签署日志检查点',
  'calendar.override': '调整工作日历',
  'platform.install': '平台初始化',
  'revision.submit': '提交变更待确认',
  'revision.confirm': '确认变更并公示',
  'revision.return': '退回变更',
  'job.start': '开始后台任务',
  'job.succeed': '后台任务完成',
  'job.fail': '后台任务失败',
  'demo.load': '载入演示数据',
  'demo.load_cases': '载入演示案件',
};

const labels = new Map<string, string>(Object.entries(platformLabels));

/** A module names the journal actions it writes (called once, from the module's index.ts). */
export function registerAuditLabels(moduleLabels: Record<string, string>): void {
  for (const [action, label] of Object.entries(moduleLabels)) labels.set(action, label);
}

/** The Chinese name of an action, or undefined when nobody registered it. */
export function actionLabel(action: string): string | undefined {
  return labels.get(action);
}

/** Every registered action with its name. */
export function allActionLabels(): { action: string; label: string }[] {
  return [...labels].map(([action, label]) => ({ action, label }));
}
