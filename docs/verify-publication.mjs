#!/usr/bin/env node
// Checks one published entry of a Sanxiang portal against the platform's signed journal, using
// only Node (>= 20) and the public open-data API: no login, no project code. docs/journal.md,
// "Verifying a published entry", says what each step proves.
//
//   node verify-publication.mjs <server> <list key | kind> <subject id> [--version n] [--public-key file.pem]
//
//   node verify-publication.mjs https://portal.example.gov.cn items:3f2a… 330102-CF-0001
//   node verify-publication.mjs https://portal.example.gov.cn officers 7c41… --public-key checkpoint-public.pem
//
// Exit status: 0 verified, 1 a check failed, 2 usage or network error.

import { createHash, createPublicKey, getHashes, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

// ---- hashing, exactly as the server does it -------------------------------------------------

/** JSON with object keys sorted at every level (server/src/platform/journal/hash.ts canonicalJson). */
export function canonicalJson(value) {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** H(parts…): sha256, or sm3 where this Node's OpenSSL has it. */
export function digest(alg, ...parts) {
  if (alg !== 'sha256' && alg !== 'sm3') throw new VerifyError(`未知的哈希算法 ${alg}`);
  if (alg === 'sm3' && !getHashes().includes('sm3')) throw new VerifyError('本机 Node 的 OpenSSL 不支持 SM3，无法核验国密日志');
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** A publication's content hash: sha256 over the canonical JSON of its public fields. */
export function contentHashOf(content, alg = 'sha256') {
  return digest(alg, canonicalJson(content)).toString('hex');
}

/** entry_hash (docs/journal.md "Entries", format version 1). */
export function entryHashOf(alg, e) {
  const fields = [
    1,
    e.seq,
    e.occurredAt,
    e.actorId,
    e.actorName,
    e.action,
    e.entityType,
    e.entityId,
    e.agencyId,
    e.jurisdictionCode,
    e.clientIp,
    e.payloadHash,
    e.prevHash,
  ];
  return digest(alg, JSON.stringify(fields)).toString('hex');
}

/** RFC 6962 leaf hash of a journal entry: H(0x00 ‖ entry_hash as 32 raw bytes). */
export function leafHashOf(alg, entryHashHex) {
  return digest(alg, Buffer.from([0]), Buffer.from(entryHashHex, 'hex'));
}

/** The root an inclusion proof implies (RFC 9162 §2.1.3.2). */
export function rootFromInclusionProof(alg, index, size, leafHash, proof) {
  if (!(Number.isInteger(index) && Number.isInteger(size) && index >= 0 && index < size)) {
    throw new VerifyError(`叶序号 ${index} 不在树大小 ${size} 之内`);
  }
  const node = (l, r) => digest(alg, Buffer.from([1]), l, r);
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (p.length !== 32) throw new VerifyError('包含性证明中的哈希长度不对');
    if (sn === 0) throw new VerifyError('包含性证明过长');
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = node(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerifyError('包含性证明过短');
  return r;
}

/** The signed checkpoint note (docs/journal.md "Checkpoints"); undefined when malformed. */
export function parseNote(text) {
  const lines = text.split('\n');
  if (lines.length !== 6 || lines[0] !== 'sanxiang-journal/v1' || lines[5] !== '') return undefined;
  const [, size, root, alg, at] = lines;
  if (!/^[1-9]\d*$/.test(size) || (alg !== 'sha256' && alg !== 'sm3')) return undefined;
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== 32 || rootHash.toString('base64') !== root) return undefined;
  return { treeSize: Number(size), rootHash, hashAlgorithm: alg, signedAt: at };
}

/** key_id: the first 16 hex digits of SHA-256 over the key's SubjectPublicKeyInfo (DER). */
export function keyIdOf(pem) {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export class VerifyError extends Error {}

// ---- the check ----------------------------------------------------------------------------

/**
 * Verifies one published entry. `list` is a list key (`items:<agency id>`) or a kind (`items`,
 * `officers`, … — then every list of that kind is searched for the subject). `fetch` defaults to
 * the global one; `publicKeyPem` pins the key (else the server's published keys are used);
 * `log` receives one line per step. Resolves to a summary; throws VerifyError when a check fails.
 */
export async function verifyPublication({ server, list, subjectId, version, publicKeyPem, fetch = globalThis.fetch, log = () => {} }) {
  const base = `${server.replace(/\/+$/, '')}/api/v1/public`;
  const get = async (path, { allow404 = false } = {}) => {
    const res = await fetch(base + path);
    if (allow404 && res.status === 404) return undefined;
    if (!res.ok) {
      let message = '';
      try {
        message = (await res.json()).message ?? '';
      } catch {}
      throw new VerifyError(`GET ${path} 返回 ${res.status}${message ? `：${message}` : ''}`);
    }
    return res.json();
  };
  const seg = encodeURIComponent;
  const q = version === undefined ? '' : `?version=${version}`;

  // 1. the published entry, and its content hash recomputed here
  let listKey = list;
  let entry;
  if (!list.includes(':')) {
    const { items } = await get(`/lists?kind=${seg(list)}`);
    const found = [];
    for (const l of items) {
      const e = await get(`/lists/${seg(l.listKey)}/entries/${seg(subjectId)}${q}`, { allow404: true });
      if (e) found.push(e);
    }
    if (found.length === 0) throw new VerifyError(`在“${list}”类的 ${items.length} 份清单中没有找到条目 ${subjectId}`);
    if (found.length > 1)
      throw new VerifyError(`条目 ${subjectId} 出现在多份清单中，请指定清单标识：${found.map((e) => e.listKey).join('、')}`);
    entry = found[0];
    listKey = entry.listKey;
  } else {
    entry = await get(`/lists/${seg(listKey)}/entries/${seg(subjectId)}${q}`);
  }
  const contentHash = contentHashOf(entry.content);
  const v = version ?? entry.version;
  log(`条目：${entry.label}（${entry.id}，清单 ${listKey}，第 ${entry.version} 版发布的内容）`);
  log(`内容哈希（sha256，规范 JSON，本机重算）：${contentHash}`);

  // 2. the list version and the journal entry that records it
  const listVersion = await get(`/lists/${seg(listKey)}/versions/${v}`);
  if (listVersion.journalSeq === null) throw new VerifyError(`清单第 ${v} 版发布于日志证明功能之前，没有可核验的发布记录`);
  const seq = listVersion.journalSeq;
  const je = await get(`/journal/entries/${seq}`);
  if (je.seq !== seq || je.action !== 'disclosure.publish' || je.entityType !== 'publication_list' || je.entityId !== `${listKey}@${v}`) {
    throw new VerifyError(`第 ${seq} 条全过程记录不是清单 ${listKey} 第 ${v} 版的发布记录`);
  }
  const alg = je.hashAlgorithm;
  if (digest(alg, je.payload).toString('hex') !== je.payloadHash) throw new VerifyError(`第 ${seq} 条记录的内容与其 payloadHash 不符`);
  const payload = JSON.parse(je.payload);
  if (canonicalJson(payload) !== je.payload) throw new VerifyError(`第 ${seq} 条记录的内容不是规范 JSON`);
  if (payload.contentHashAlgorithm !== 'sha256')
    throw new VerifyError(`发布记录的内容哈希算法为 ${payload.contentHashAlgorithm}，本脚本只支持 sha256`);
  const listed = (payload.contentHashes ?? []).find((x) => x.subjectId === entry.id);
  if (!listed) throw new VerifyError(`第 ${seq} 条发布记录中没有条目 ${entry.id}`);
  if (listed.contentHash !== contentHash) {
    throw new VerifyError(`内容被改动过：发布记录中条目 ${entry.id} 的内容哈希为 ${listed.contentHash}，现在公示的内容算出 ${contentHash}`);
  }
  log(`发布记录：第 ${seq} 条全过程记录（${je.occurredAt}）含此内容哈希`);
  const entryHash = entryHashOf(alg, je);
  if (entryHash !== je.entryHash) throw new VerifyError(`第 ${seq} 条记录的字段与其 entryHash 不符`);
  const leaf = leafHashOf(alg, entryHash);

  // 3. the latest signed checkpoint and its signature
  const cp = await get('/journal/checkpoints/latest');
  const note = parseNote(cp.signedNote);
  if (!note) throw new VerifyError('检查点的签名原文格式不对');
  if (note.hashAlgorithm !== alg) throw new VerifyError(`检查点的哈希算法 ${note.hashAlgorithm} 与记录的 ${alg} 不同`);
  const keys = [];
  if (publicKeyPem) keys.push(publicKeyPem);
  else {
    const k = await get('/journal/public-key');
    keys.push(k.pem, ...k.previous.map((p) => p.pem));
  }
  const key = keys.find((pem) => keyIdOf(pem) === cp.keyId);
  if (!key) throw new VerifyError(`没有编号为 ${cp.keyId} 的公钥${publicKeyPem ? '（与指定的公钥不符）' : ''}`);
  if (cp.signatureAlgorithm !== 'ed25519') {
    throw new VerifyError(`检查点用 ${cp.signatureAlgorithm} 签名；本脚本只核验 Ed25519，SM2 请按 docs/journal.md 用 openssl 核验`);
  }
  if (!verifySignature(null, Buffer.from(cp.signedNote, 'utf8'), createPublicKey(key), Buffer.from(cp.signature, 'base64'))) {
    throw new VerifyError('检查点签名无效');
  }
  log(`检查点：树大小 ${note.treeSize}，${note.signedAt} 签名，Ed25519 签名有效（公钥 ${cp.keyId}）`);
  if (seq >= note.treeSize) {
    throw new VerifyError(`第 ${seq} 条记录尚未被签名检查点覆盖（最新检查点的树大小为 ${note.treeSize}），请在下一个检查点后再核验`);
  }

  // 4. the entry is in the signed tree
  const proof = await get(`/journal/proofs/inclusion?seq=${seq}&treeSize=${note.treeSize}`);
  const root = rootFromInclusionProof(
    alg,
    seq,
    note.treeSize,
    leaf,
    proof.proof.map((h) => Buffer.from(h, 'hex')),
  );
  if (!root.equals(note.rootHash)) throw new VerifyError('包含性证明算出的根与签名检查点的根不一致');
  log(`包含性证明：第 ${seq} 条记录在签名的默克尔树中（${proof.proof.length} 个哈希）`);

  return {
    listKey,
    subjectId: entry.id,
    label: entry.label,
    version: v,
    contentHash,
    journalSeq: seq,
    entryHash,
    treeSize: note.treeSize,
    rootHash: note.rootHash.toString('hex'),
    keyId: cp.keyId,
    signedAt: note.signedAt,
  };
}

// ---- command line -------------------------------------------------------------------------

function usage(message) {
  if (message) console.error(message);
  console.error('用法：node verify-publication.mjs <服务器地址> <清单标识或类别> <条目标识> [--version n] [--public-key 公钥.pem]');
  process.exit(2);
}

async function main(argv) {
  const positional = [];
  let version;
  let publicKeyPem;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--version') {
      version = Number(argv[++i]);
      if (!Number.isInteger(version) || version < 1) usage('--version 须为正整数');
    } else if (a === '--public-key') {
      const file = argv[++i];
      if (!file) usage('--public-key 须给出文件');
      publicKeyPem = readFileSync(file, 'utf8');
    } else if (a === '-h' || a === '--help') usage();
    else positional.push(a);
  }
  if (positional.length !== 3) usage();
  const [server, list, subjectId] = positional;
  try {
    const r = await verifyPublication({ server, list, subjectId, version, publicKeyPem, log: (line) => console.log(`✓ ${line}`) });
    console.log(`核验通过：${r.label}（${r.subjectId}）的公示内容与签名日志一致（清单 ${r.listKey} 第 ${r.version} 版）`);
  } catch (e) {
    if (e instanceof VerifyError) {
      console.error(`✗ ${e.message}`);
      process.exit(1);
    }
    console.error(`无法完成核验：${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
