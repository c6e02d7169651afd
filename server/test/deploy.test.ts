import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// issue 10 §6: the deploy/ examples an operator copies are checked by the tools that will read
// them — `systemd-analyze verify` for the unit, `nginx -t` for the proxy — so a typo fails here
// and not on the night of the installation. CI installs nginx-light; on a machine without nginx
// (a developer's `npm test`) the structural checks below still run and `nginx -t` is left to CI.
const root = new URL('../../', import.meta.url).pathname;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const nginxConf = readFileSync(join(root, 'deploy/nginx/sanxiang.conf'), 'utf8');
const unit = readFileSync(join(root, 'deploy/systemd/sanxiang@.service'), 'utf8');

/** The unit with the paths of this checkout, so that systemd can check the command exists. */
function localUnit(dir: string): string {
  const text = unit.replaceAll('/opt/sanxiang', root.replace(/\/$/, '')).replace('/usr/bin/node', process.execPath);
  writeFileSync(join(dir, 'sanxiang@.service'), text);
  symlinkSync('sanxiang@.service', join(dir, 'sanxiang@3001.service'));
  return join(dir, 'sanxiang@3001.service');
}

describe('deploy/systemd/sanxiang@.service', () => {
  it('passes systemd-analyze verify without a warning', () => {
    if (!has('systemd-analyze') && process.env.CI !== 'true') return;
    const dir = mkdtempSync(join(tmpdir(), 'sanxiang-unit-'));
    const r = spawnSync('systemd-analyze', ['verify', localUnit(dir)], { encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`.trim(), 'systemd-analyze output').toBe('');
    expect(r.status).toBe(0);
  });

  it('starts the server with serve on the instance port, restarts it on failure and reads the shared settings', () => {
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/sanxiang\/server\/bin\/sanxiang\.mjs serve$/m);
    expect(unit).toMatch(/^Environment=PORT=%i$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/sanxiang\/sanxiang\.env$/m);
    // every setting the env example names is one the server reads (platform/config.ts)
    const example = readFileSync(join(root, 'deploy/sanxiang.env.example'), 'utf8');
    const config = readFileSync(join(root, 'server/src/platform/config.ts'), 'utf8');
    const s3 = readFileSync(join(root, 'server/src/platform/blobs/s3-store.ts'), 'utf8') + config;
    for (const name of example.match(/^[A-Z_0-9]+(?==)/gm) ?? []) expect(s3, `${name} is read by the server`).toContain(name);
  });
});

describe('deploy/nginx/sanxiang.conf', () => {
  it('passes nginx -t inside a minimal nginx.conf', () => {
    if (!has('nginx') && process.env.CI !== 'true') return;
    const dir = mkdtempSync(join(tmpdir(), 'sanxiang-nginx-'));
    mkdirSync(join(dir, 'logs'));
    const key = join(dir, 'sanxiang.key');
    const crt = join(dir, 'sanxiang.crt');
    const ssl = spawnSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=t',
      '-keyout',
      key,
      '-out',
      crt,
    ]);
    expect(ssl.status).toBe(0);
    writeFileSync(
      join(dir, 'sanxiang.conf'),
      nginxConf.replace('/etc/nginx/tls/sanxiang.crt', crt).replace('/etc/nginx/tls/sanxiang.key', key),
    );
    copyFileSync('/dev/null', join(dir, 'mime.types'));
    writeFileSync(
      join(dir, 'nginx.conf'),
      `pid ${dir}/nginx.pid;\nerror_log ${dir}/logs/error.log;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n  include ${dir}/sanxiang.conf;\n}\n`,
    );
    const r = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(r.stderr).toContain('test is successful');
    expect(r.stderr).not.toMatch(/\[warn\]|\[emerg\]/);
    expect(r.status).toBe(0);
  });

  it('balances two processes, keeps one upload on one process, passes the client address and hides /metrics', () => {
    const upstream = /upstream sanxiang \{([^}]*)\}/.exec(nginxConf)?.[1] ?? '';
    expect(upstream.match(/^\s*server 127\.0\.0\.1:\d+/gm)).toHaveLength(2);
    expect(nginxConf).toMatch(/upstream sanxiang_uploads \{\s*hash \$sanxiang_upload consistent;/);
    expect(nginxConf).toMatch(/proxy_set_header X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/);
    expect(nginxConf).toMatch(/location = \/metrics \{\s*return 404;/);
    // the upload map really extracts the id: the same regex, tried here on a tus URL
    const re = /~\^(.*)\$ \$upload_id;/.exec(nginxConf)?.[1] ?? '';
    expect(new RegExp(`^${re.replace('(?<upload_id>', '(')}$`).exec('/api/v1/uploads/abc123')?.[1]).toBe('abc123');
  });
});
