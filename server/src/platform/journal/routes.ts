import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../context';
import { notFound } from '../errors';
import { errorResponse } from '../http/api-contract';
import { errorResponses } from '../http/schemas';
import { latestCheckpoint } from './checkpoint';
import { loadPublicKeys } from './key-registry';
import { listCheckpoints, proveConsistency, proveInclusion } from './proofs';

const hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Checkpoint = Type.Object(
  {
    treeSize: Type.Integer({ description: '覆盖的记录数（第 0 至 treeSize−1 条）' }),
    rootHash: Type.String({ description: 'RFC 6962 默克尔根（十六进制）' }),
    hashAlgorithm: Type.String(),
    signatureAlgorithm: Type.String(),
    keyId: Type.String(),
    signedAt: Type.String({ format: 'date-time' }),
    signedNote: Type.String({ description: '被签名的原文（UTF-8）' }),
    signature: Type.String({ description: '签名（base64）' }),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { cursor: Type.Optional(Type.Integer({ minimum: 1 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  { additionalProperties: false },
);
const PublicKey = Type.Object({ algorithm: Type.String(), keyId: Type.String(), pem: Type.String() }, { additionalProperties: false });
const RegisteredKey = Type.Object(
  {
    keyId: Type.String(),
    algorithm: Type.String(),
    pem: Type.String(),
    validFrom: Type.String({ format: 'date-time', description: '启用时间（升级前已在用的密钥：其签发的第一个检查点的时间）' }),
    retiredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: '停用时间；当前密钥为 null' }),
  },
  { additionalProperties: false },
);
const InclusionQuery = Type.Object(
  { seq: Type.Integer({ minimum: 0 }), treeSize: Type.Optional(Type.Integer({ minimum: 1, description: '默认为最新检查点的树大小' })) },
  { additionalProperties: false },
);
const ConsistencyQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const tags = ['全过程记录（公开）'];

/**
 * Public, read-only journal endpoints (no login): signed checkpoints, the platform's public key and
 * Merkle proofs, so anyone can check that the published record is complete and unaltered.
 * Mounted under /api/v1/public.
 */
export const journalPublicRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const alg = () => ctx.journal.hashAlgorithm;
  // per client address (request.ip, which TRUST_PROXY makes the real client behind a proxy) and
  // per route; 429 in the Chinese envelope (app.ts errorResponseBuilder). Issue 7 §6.
  const config = { rateLimit: { max: ctx.config.publicRateLimitPerMinute, timeWindow: '1 minute' } };
  app.get(
    '/journal/checkpoints/latest',
    {
      config,
      schema: {
        tags,
        operationId: 'getLatestCheckpoint',
        summary: '最新的签名检查点',
        description: '全过程记录最新的签名检查点（树大小、默克尔根、签名），可用公钥验证。任何人可调用，无需登录；尚无检查点 404。',
        security: [],
        response: { 200: Checkpoint, 404: errorResponse('尚无签名检查点'), ...errorResponses },
      },
    },
    async () => {
      const cp = await latestCheckpoint(ctx.db);
      if (!cp) throw notFound('检查点');
      return cp;
    },
  );
  app.get(
    '/journal/checkpoints',
    {
      config,
      schema: {
        tags,
        operationId: 'listCheckpoints',
        summary: '签名检查点列表（按树大小从新到旧，分页）',
        description: '全部签名检查点，按树大小从新到旧，按游标分页，用于核对检查点之间的一致性。任何人可调用，无需登录。',
        security: [],
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Checkpoint), nextCursor: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses,
        },
      },
    },
    (request) => {
      const q = request.query as Static<typeof ListQuery>;
      return listCheckpoints(ctx.db, q.cursor, q.limit ?? 50);
    },
  );
  app.get(
    '/journal/public-key',
    {
      config,
      schema: {
        tags,
        operationId: 'getCheckpointPublicKey',
        summary: '检查点签名公钥（PEM），及曾用过的公钥',
        description:
          '本部署当前的检查点签名公钥（PEM）及其标识；keys 列出本部署登记的全部公钥（含已停用的）及其启用、停用时间，各服务器给出的相同。任何人可调用，无需登录；尚未登记任何公钥 404。',
        security: [],
        response: {
          200: Type.Object(
            { ...PublicKey.properties, previous: Type.Array(PublicKey), keys: Type.Array(RegisteredKey) },
            { additionalProperties: false },
          ),
          404: errorResponse('尚未登记检查点公钥'),
          ...errorResponses,
        },
      },
    },
    async () => {
      // the deployment's keys, not this process's (issue 10 §1): every server answers the same
      const all = await loadPublicKeys(ctx.db);
      const key = all.find((k) => k.retiredAt === null) ?? all[all.length - 1];
      if (!key) throw notFound('检查点公钥');
      const previous = all.filter((k) => k !== key).map((k) => ({ algorithm: k.algorithm, keyId: k.keyId, pem: k.publicKeyPem }));
      const keys = all.map((k) => ({
        keyId: k.keyId,
        algorithm: k.algorithm,
        pem: k.publicKeyPem,
        validFrom: k.validFrom.toISOString(),
        retiredAt: k.retiredAt?.toISOString() ?? null,
      }));
      return { algorithm: key.algorithm, keyId: key.keyId, pem: key.publicKeyPem, previous, keys };
    },
  );
  app.get(
    '/journal/proofs/inclusion',
    {
      config,
      schema: {
        tags,
        operationId: 'getPublicInclusionProof',
        summary: '包含性证明（RFC 6962 §2.1.1）',
        description:
          '证明第 seq 条记录包含在树大小为 treeSize 的默克尔树中（RFC 6962 §2.1.1），附对应的签名检查点。任何人可调用，无需登录；treeSize 超过现有记录数 400，该树中没有第 seq 条记录 404。',
        security: [],
        querystring: InclusionQuery,
        response: {
          200: Type.Object({
            hashAlgorithm: Type.String(),
            seq: Type.Integer(),
            treeSize: Type.Integer(),
            entryHash: hex,
            leafHash: hex,
            rootHash: hex,
            proof: Type.Array(hex),
            checkpoint: Type.Union([Checkpoint, Type.Null()]),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => {
      const q = request.query as Static<typeof InclusionQuery>;
      return proveInclusion(ctx.db, alg(), q.seq, q.treeSize);
    },
  );
  app.get(
    '/journal/proofs/consistency',
    {
      config,
      schema: {
        tags,
        operationId: 'getPublicConsistencyProof',
        summary: '一致性证明（RFC 6962 §2.1.2）',
        description:
          '证明树大小为 from 的默克尔树是树大小为 to 的树的前缀（RFC 6962 §2.1.2），即记录只追加、未被改写。任何人可调用，无需登录；不满足 1 ≤ from ≤ to 或 to 超过现有记录数 400。',
        security: [],
        querystring: ConsistencyQuery,
        response: {
          200: Type.Object({
            hashAlgorithm: Type.String(),
            from: Type.Integer(),
            to: Type.Integer(),
            fromRoot: hex,
            toRoot: hex,
            proof: Type.Array(hex),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => {
      const q = request.query as Static<typeof ConsistencyQuery>;
      return proveConsistency(ctx.db, alg(), q.from, q.to);
    },
  );
};
