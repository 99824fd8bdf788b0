import type { INestApplication } from '@nestjs/common';

type Handler = (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
interface RouteLayer {
  route?: { methods?: Record<string, boolean> };
  match(path: string): boolean;
}
interface ExpressLike extends Handler {
  router?: { stack: RouteLayer[] };
}

function ownsRoute(app: ExpressLike, method: string, path: string): boolean {
  const verb = method.toLowerCase();
  return (app.router?.stack ?? []).some(
    (layer) =>
      layer.route !== undefined &&
      (layer.route.methods?.[verb] === true || layer.route.methods?.['_all'] === true) &&
      layer.match(path),
  );
}

/**
 * Express middleware for the process that fronts in-process subgraphs (the platform): an HTTP
 * request for a route one of their applications declares (a controller, e.g. intake's document
 * upload) goes to that application; everything else (its /graphql included, which Apollo mounts as
 * middleware, not as a route) stays with the front application.
 */
export function forwardRoutesTo(apps: readonly INestApplication[]) {
  const instances = apps.map((app) => app.getHttpAdapter().getInstance() as ExpressLike);
  return (req: { method: string; path: string }, res: unknown, next: (error?: unknown) => void): void => {
    const owner = instances.find((instance) => ownsRoute(instance, req.method, req.path));
    if (owner) owner(req, res, next);
    else next();
  };
}
