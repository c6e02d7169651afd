/**
 * Module boundaries of DESIGN.md, checked on every lint:
 * - platform/ never imports a module;
 * - a module uses another module only through its index.ts;
 * - the portal reads only the disclosure module;
 * - a module never imports database.ts (every table): its queries are typed over its own (ADR 0007).
 */
module.exports = {
  forbidden: [
    {
      name: 'platform-imports-no-module',
      comment: 'platform/ is below the modules (DESIGN.md "Shape")',
      severity: 'error',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'modules-through-index',
      comment: 'a module talks to another only through its index.ts',
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/' },
      to: { path: '^server/src/modules/([^/]+)/', pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-uses-module-index',
      comment: 'the composition root (app, cli, demo, server) also uses modules through index.ts',
      severity: 'error',
      from: { path: '^server/src/', pathNot: ['^server/src/modules/', '^server/src/database\\.ts$'] },
      to: { path: '^server/src/modules/[^/]+/', pathNot: '^server/src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'modules-see-only-their-tables',
      comment:
        'ADR 0007: database.ts combines every table for the store and the composition root; a module types its queries over its own tables (its db.ts) and asks other parts through their index.ts',
      severity: 'error',
      from: { path: '^server/src/modules/' },
      to: { path: '^server/src/database\\.ts$' },
    },
    {
      name: 'database-only-at-the-root',
      comment:
        'ADR 0007: only the store (platform/db, the context) and the composition root (app, cli, server, demo) see every table; platform parts name their own with `own`.',
      severity: 'error',
      from: {
        path: '^server/src/',
        pathNot: [
          '^server/src/database\\.ts$',
          '^server/src/platform/db/',
          '^server/src/platform/context\\.ts$',
          '^server/src/demo/',
          '^server/src/(app|cli|server|platform-commands|openapi-sync)\\.ts$',
        ],
      },
      to: { path: '^server/src/database\\.ts$' },
    },
    {
      name: 'own-db-handle-stays-home',
      comment:
        "ADR 0007: a module's typed handle (db.ts) is for the module itself; other parts get the untyped handle and ask through index.ts",
      severity: 'error',
      from: { path: '^server/src/', pathNot: '^server/src/modules/([^/]+)/' },
      to: { path: '^server/src/modules/[^/]+/db\\.ts$' },
    },
    {
      name: 'portal-reads-only-disclosure',
      comment: 'public pages serve publications only (DESIGN.md invariant 7)',
      severity: 'error',
      from: { path: '^server/src/portal/' },
      to: { path: '^server/src/modules/', pathNot: '^server/src/modules/disclosure/index\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^server/src/(platform|modules)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
