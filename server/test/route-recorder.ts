/**
 * Every route each Fastify instance registers, recorded by an onRoute hook added before any plugin
 * registers, so nothing registered can hide from the tests that read it (the OpenAPI document
 * against the routes; no route deletes or overwrites a record). Use in a test file:
 *   vi.mock('fastify', async (importOriginal) => (await import('./route-recorder')).recordingFastify(await importOriginal()));
 */
export interface RegisteredRoute {
  method: string;
  url: string;
  hidden: boolean;
}

const registered = new WeakMap<object, RegisteredRoute[]>();

type FastifyModule = typeof import('fastify');

export function recordingFastify(real: FastifyModule): FastifyModule {
  const make = (options?: object) => {
    const app = real.default(options as never);
    const routes: RegisteredRoute[] = [];
    registered.set(app, routes);
    app.addHook('onRoute', (route) => {
      const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, hidden });
    });
    return app;
  };
  return { ...real, default: make, fastify: make } as FastifyModule;
}

export function registeredRoutes(app: object): RegisteredRoute[] {
  const routes = registered.get(app);
  if (!routes) throw new Error('the app was not built through the recording Fastify factory (vi.mock of fastify)');
  return routes;
}
