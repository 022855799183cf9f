import { useSyncExternalStore } from 'react';

/**
 * The tab's views as paths under /tab/, so each is a deep link (`/tab/approvals`) that the
 * server answers with the app (bot/src/http/tabRoutes.ts). The query string (`?devUser=`,
 * `?theme=`) is kept when moving between views.
 */
export type RouteName = 'callGroup' | 'answering' | 'groups' | 'requests' | 'notifications' | 'covers' | 'approvals' | 'health' | 'map';

export const ROUTE_PATHS: Readonly<Record<RouteName, string>> = {
  callGroup: 'call-group',
  answering: 'answering',
  groups: 'groups',
  requests: 'requests',
  notifications: 'notifications',
  covers: 'covers',
  approvals: 'approvals',
  health: 'health',
  map: 'map',
};

/** Views only approvers see. */
export const APPROVER_ROUTES: ReadonlySet<RouteName> = new Set(['approvals', 'health', 'map']);
export const BASE = '/tab/';

export function routeOf(pathname: string): RouteName | undefined {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname.replace(/^\/+/, '');
  const segment = rest.split('/')[0] ?? '';
  if (segment === '') return 'callGroup';
  return (Object.keys(ROUTE_PATHS) as RouteName[]).find((name) => ROUTE_PATHS[name] === segment);
}

export function hrefOf(route: RouteName, search: string = window.location.search): string {
  return `${BASE}${ROUTE_PATHS[route]}${search}`;
}

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Go to a view without reloading the page. */
export function navigate(route: RouteName): void {
  window.history.pushState(null, '', hrefOf(route));
  listeners.forEach((listener) => listener());
}

/** The current path; re-renders on navigation and on the browser's back and forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
