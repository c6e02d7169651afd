import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../context';
import { notFound } from '../errors';
import { errorResponses } from '../http/schemas';
import { latestCheckpoint } from './checkpoint';
import { loadOrCreateSigningKey, loadPublicKeys } from './keys';
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
  app.get(
    '/journal/checkpoints/latest',
    { schema: { tags, summary: '最新的签名检查点', response: { 200: Checkpoint, ...errorResponses } } },
    async () => {
      const cp = await latestCheckpoint(ctx.db);
      if (!cp) throw notFound('检查点');
      return cp;
    },
  );
  app.get(
    '/journal/checkpoints',
    {
      schema: {
        tags,
        summary: '签名检查点列表（按树大小从新到旧，分页）',
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
      schema: {
        tags,
        summary: '检查点签名公钥（PEM），及曾用过的公钥',
        response: {
          200: Type.Object({ ...PublicKey.properties, previous: Type.Array(PublicKey) }, { additionalProperties: false }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const key = loadOrCreateSigningKey(ctx.config.dataDir, ctx.config.checkpointSignature);
      const previous = loadPublicKeys(ctx.config.dataDir)
        .filter((k) => k.keyId !== key.keyId)
        .map((k) => ({ algorithm: k.algorithm, keyId: k.keyId, pem: k.publicKeyPem }));
      return { algorithm: key.algorithm, keyId: key.keyId, pem: key.publicKeyPem, previous };
    },
  );
  app.get(
    '/journal/proofs/inclusion',
    {
      schema: {
        tags,
        summary: '包含性证明（RFC 6962 §2.1.1）',
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
      schema: {
        tags,
        summary: '一致性证明（RFC 6962 §2.1.2）',
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
