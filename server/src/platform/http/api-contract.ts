import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * The API description is a contract other systems generate clients from (R-S10, issue 7 §10).
 * This is the one place that holds it to that, for every route, including routes added later:
 * an `onRoute` hook refuses to start the app when a documented /api route lacks a stable
 * `operationId`, a `summary`, a `description` or a declared tag, or when two routes claim the same
 * `operationId`; and it adds the error responses a route can answer, so no route has to repeat them.
 *
 * Why explicit ids rather than ids derived from method + path: a generated client's method names
 * are its public API. A derived id changes whenever a path is renamed or a parameter is renamed,
 * and it reads badly (`postApiV1AgenciesIdOfficersSubmit`); an id written next to the route
 * (`submitAgencyOfficers`) changes only when someone edits that route, on purpose.
 */

/** The tags of the API, in the order the reference lists them (spectral `operation-tag-defined`). */
export const apiTags = [
  { name: '认证与账户', description: '登录、退出、当前用户、修改密码与双因素认证（TOTP）。登录与密码策略无需登录。' },
  { name: '用户管理', description: '账户、角色与安全策略（三员分立：系统管理员管账户，安全管理员管角色与策略）。' },
  { name: '机构与区划', description: '行政区划与行政执法主体名录：新增、修改、版本历史、提交司法局确认。' },
  { name: '执法人员', description: '行政执法人员与执法证件、年审、培训学时、调动，及其导入导出与公示提醒。' },
  { name: '窗口公示', description: '政务服务窗口岗位信息公示牌：保存即公示。' },
  { name: '执法事项目录', description: '执法事项、裁量基准、三张清单、法制审核目录、音像记录事项、随机抽查事项等清单的工作版本。' },
  { name: '变更确认', description: '司法局的确认队列：各单位提交的清单变更，确认后公示，或附理由退回。' },
  { name: '安全审计', description: '审计日志的查询与统计（安全审计员）。' },
  { name: '工作日历', description: '法定节假日与调休上班日，工作日计算（公示期限等按工作日计）。' },
  { name: '规则设置', description: '各地可调整的规则（期限、数额、编号格式等）：默认值及法律依据、生效值、带生效日期的更改与历史。' },
  { name: '执法案件', description: '执法程序（以数据定义）、案件登记与办理、时限、时间线、台账与待办（执法全过程记录）。' },
  { name: '当事人', description: '执法对象（当事人）及其在本机关的全部案件；公民身份号码只对本案执法人员显示，每次查看均记入全过程记录。' },
  {
    name: '证据与音像记录',
    description:
      '案件的证据和音像记录（采集时间地点、采集人、证明对象、设备及保管人、文件哈希），分段下载与缩略图，撤回（不删除）；执法记录设备及其保管人。',
  },
  { name: '后台任务', description: '导入等耗时操作的进度与结果。' },
  { name: '公开数据（无需登录）', description: '已公示的清单及其历史版本，供门户网站和其他系统读取，无需登录。' },
  {
    name: '全过程记录（公开）',
    description: '公示发布记录的签名检查点、包含性证明与一致性证明（RFC 6962），供任何人核验公示内容未被篡改，无需登录。',
  },
] as const;

const declaredTags: ReadonlySet<string> = new Set(apiTags.map((t) => t.name));

/** camelCase, starting with a verb-like lower-case word: `listAgencies`, `getPublicInclusionProof`. */
const operationIdPattern = /^[a-z][a-zA-Z0-9]{2,79}$/;

const ref = (description: string) => ({ $ref: 'ErrorBody', description });

/** What each error status means on this API; `details` carries the specifics (STYLE.md §9). */
export const errorMeanings = {
  400: '请求不合法：参数、请求体或请求头未通过校验（details 指出字段及原因）',
  401: '未登录、会话已过期，或登录凭据不正确',
  403: '您的角色无权进行此操作，或须先修改密码、绑定身份验证器',
  404: '对象不存在或不在您的权限范围内',
  409: '与当前状态冲突，例如编码重复、已有待确认的提交、状态不允许此操作',
  422: '办理内容未通过该办理事项的输入校验（details.fields 指出字段及原因）',
  412: '记录已被他人修改：If-Match 中的版本已过期（details 说明由谁、何时修改）',
  428: '修改须附带所修改记录的版本（If-Match 请求头）',
  429: '请求过于频繁（details.retryAfterSeconds 为须等待的秒数）',
  '4xx': '其他客户端错误，例如请求体过大（413）、不支持的内容类型（415）',
  '5xx': '服务器内部错误或暂不可用',
} as const;

type ErrorKey = keyof typeof errorMeanings;
const mutations = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface RouteSchema {
  hide?: boolean;
  operationId?: unknown;
  summary?: unknown;
  description?: unknown;
  tags?: unknown;
  security?: unknown;
  params?: unknown;
  querystring?: unknown;
  headers?: { properties?: Record<string, unknown> };
  response?: Record<string, unknown>;
}

/** The error statuses a route can answer, from what the route declares (public or not, path
 * parameters, If-Match, rate limit, method). A route may list more itself (422, 423 …). */
export function errorStatusesOf(route: Pick<RouteOptions, 'method' | 'url' | 'config'>, schema: RouteSchema): ErrorKey[] {
  const method = String(route.method).toUpperCase();
  const isPublic = Array.isArray(schema.security) && schema.security.length === 0;
  const statuses: ErrorKey[] = [400];
  if (!isPublic) statuses.push(401, 403);
  // an id in the path or the query that is unknown or out of the caller's scope is 404 (issue 7 §2)
  if (route.url.includes(':') || schema.params || schema.querystring) statuses.push(404);
  if (!isPublic && mutations.has(method) && !route.url.startsWith('/api/v1/auth/')) statuses.push(409);
  if (schema.headers?.properties?.['if-match']) statuses.push(412, 428);
  if ((route.config as { rateLimit?: unknown } | undefined)?.rateLimit) statuses.push(429);
  statuses.push('4xx', '5xx');
  return statuses;
}

const problemsOf = (schema: RouteSchema): string[] => {
  const problems: string[] = [];
  if (typeof schema.operationId !== 'string' || !operationIdPattern.test(schema.operationId))
    problems.push('缺少 operationId（camelCase，如 listAgencies）');
  if (typeof schema.summary !== 'string' || schema.summary.trim() === '') problems.push('缺少 summary');
  if (typeof schema.description !== 'string' || schema.description.trim() === '') problems.push('缺少 description');
  const tags = Array.isArray(schema.tags) ? (schema.tags as unknown[]) : [];
  if (tags.length === 0) problems.push('缺少 tags');
  for (const t of tags) if (!declaredTags.has(String(t))) problems.push(`标签「${String(t)}」未在 apiTags 中声明`);
  const hasSuccess = Object.keys(schema.response ?? {}).some((code) => /^2/.test(code));
  if (!hasSuccess) problems.push('缺少成功响应（2xx）的 response 说明');
  return problems;
};

/**
 * Installs the check on `app` (before any route is registered). Routes outside /api/v1 (health
 * checks, the document itself, the portal, the SPA) are not part of the contract; under /api/v1
 * none may be hidden from the document.
 */
export function enforceApiContract(app: FastifyInstance) {
  const owners = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).map((m) => String(m).toUpperCase());
    // HEAD routes are Fastify's automatic twins of GET routes: same schema object, not in the document
    if (methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
    if (!route.url.startsWith('/api/v1/')) return;
    const schema = (route.schema ?? {}) as RouteSchema;
    const where = `${methods.join(',')} ${route.url}`;
    // a protocol mounted under /api/v1 (tus 1.0 uploads, platform/blobs/uploads-routes.ts) is not a
    // JSON operation: hidden from the document, described in docs/api.md, named by `config.protocol`
    if (schema.hide && typeof (route.config as { protocol?: unknown } | undefined)?.protocol === 'string') return;
    // every /api/v1 operation is part of the contract: one hidden from the document has no client
    if (schema.hide) throw new Error(`接口说明不完整（R-S10）：${where}：/api/v1 下的接口不能从文档中隐藏`);
    const problems = problemsOf(schema);
    if (problems.length > 0) throw new Error(`接口说明不完整（R-S10）：${where}：${problems.join('；')}`);
    const id = schema.operationId as string;
    const owner = owners.get(id);
    if (owner !== undefined && owner !== where) throw new Error(`operationId「${id}」重复：${owner} 与 ${where}（R-S10）`);
    owners.set(id, where);
    schema.response ??= {};
    const response = schema.response;
    for (const status of errorStatusesOf(route, schema)) {
      // a bare `Type.Ref('ErrorBody')` (the modules' errorResponses) gets the status's meaning
      const given = response[status] as { $ref?: string; description?: string } | undefined;
      if (given === undefined || (given.$ref === 'ErrorBody' && given.description === undefined))
        response[status] = ref(errorMeanings[status]);
    }
  });
}

/** A documented error response beyond the ones the hook adds (e.g. 422, 423). */
export const errorResponse = (description: string) => ref(description);

/**
 * The If-Match request header of an edit (if-match.ts): declared in the route's schema so the
 * document shows it, and so the hook lists 412 and 428. Optional here: a missing header is the
 * handler's 428, which names the header, not a schema 400.
 */
export const IfMatchHeaders = {
  type: 'object',
  properties: {
    'if-match': {
      type: 'string',
      maxLength: 64,
      description: '所修改记录的版本，即读取时响应的 ETag（如 "3"）；缺少时 428，已过期时 412',
    },
  },
} as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** a protocol mounted under /api/v1 rather than a JSON operation (e.g. 'tus 1.0'): may be hidden from the document */
    protocol?: string;
  }
}
