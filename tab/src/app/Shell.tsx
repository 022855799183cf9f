import { Suspense, lazy, useEffect, useMemo, useRef } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ConsentRequiredError } from '../host/teamsHost';
import { meSchema } from '@cgm/core';
import { ErrorState, ListSkeleton } from '../components/ViewStates';
import { useAsync } from '../components/useAsync';
import { strings } from '../strings';
import { CallGroupView } from '../views/callGroup/CallGroupView';
import { AnsweringView } from '../views/answering/AnsweringView';
import { GroupsView } from '../views/groups/GroupsView';
import { RequestsView } from '../views/requests/RequestsView';
import { DevBar } from './DevBar';
import { NavBar } from './NavBar';
import type { RouteName } from './routes';
import { APPROVER_ROUTES, ROUTE_PATHS, routeOf, usePathname } from './routes';
import type { Session } from './session';
import { SessionContext } from './session';
import type { Boot } from './useBootstrap';
import { useOnline } from './useOnline';
import { useShellStyles } from './useShellStyles.styles';

// Approver views and the map are split out of the first load: most people never open them.
const ApprovalsView = lazy(() => import('../views/approvals/ApprovalsView'));
const HealthView = lazy(() => import('../views/health/HealthView'));
const MapView = lazy(() => import('../views/map/MapView'));
// Opened now and then, to choose what the bot says: not worth the first load either.
const NotificationsView = lazy(() => import('../views/notifications/Notifications'));
// Covers are made now and then, before a holiday: split out as well.
const CoversView = lazy(() => import('../views/covers/Covers'));

function View({ route }: { route: RouteName }) {
  switch (route) {
    case 'callGroup':
      return <CallGroupView />;
    case 'answering':
      return <AnsweringView />;
    case 'groups':
      return <GroupsView />;
    case 'requests':
      return <RequestsView />;
    case 'notifications':
      return <NotificationsView />;
    case 'covers':
      return <CoversView />;
    case 'approvals':
      return <ApprovalsView />;
    case 'health':
      return <HealthView />;
    case 'map':
      return <MapView />;
  }
}

/** The signed-in tab: who I am (loaded once, reloaded after changes), the views, and the offline notice. */
export function Shell({ boot }: { boot: Extract<Boot, { status: 'ready' }> }) {
  const styles = useShellStyles();
  const online = useOnline();
  const pathname = usePathname();
  const route = routeOf(pathname);
  // The first reading of /api/me was asked for while React loaded (startup.ts): use it once, if it is for this person.
  const earlyMe = useRef(boot.earlyMe);
  const { state, reload } = useAsync((signal) => {
    const early = earlyMe.current;
    earlyMe.current = undefined;
    const forThisPerson = early !== undefined && early.devUser === (boot.host.kind === 'teams' ? undefined : boot.devUser);
    return forThisPerson ? early.answer : boot.api.json('/api/me', meSchema, { signal });
  }, boot.devUser ?? 'teams');
  const me = state.data;
  const approver = me?.roles.approver ?? false;
  const routes = (Object.keys(ROUTE_PATHS) as RouteName[]).filter((name) => approver || !APPROVER_ROUTES.has(name));
  const session = useMemo<Session | undefined>(
    () => (me ? { api: boot.api, me, reloadMe: reload, approvalPolicy: boot.config.approvalPolicy, host: boot.host, online } : undefined),
    [me, boot.api, reload, boot.config.approvalPolicy, boot.host, online],
  );
  useEffect(() => {
    document.title = `${route ? strings.nav[route] : strings.appName} – ${strings.appName}`;
  }, [route]);

  return (
    <>
      {boot.devUser !== undefined && (
        <DevBar config={boot.config} devUser={boot.devUser} displayName={me?.me.displayName ?? boot.devUser} onUserChange={boot.setDevUser} theme={boot.theme} onThemeChange={boot.setTheme} />
      )}
      <NavBar routes={routes} current={route} />
      {!online && (
        <MessageBar intent="warning" className={styles.banner} role="status">
          <MessageBarBody>
            <MessageBarTitle>{strings.offlineTitle}</MessageBarTitle>
            {strings.offlineBody}
          </MessageBarBody>
        </MessageBar>
      )}
      <main className={styles.main} tabIndex={-1}>
        {state.status === 'error' && !me && state.error instanceof ConsentRequiredError && boot.host.kind === 'teams' && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{strings.consentTitle}</MessageBarTitle>
              {strings.consentBody}
            </MessageBarBody>
            <MessageBarActions>
              <Button appearance="primary" onClick={() => void (boot.host.kind === 'teams' ? boot.host.consent().then(reload, reload) : undefined)}>
                {strings.consentAction}
              </Button>
            </MessageBarActions>
          </MessageBar>
        )}
        {state.status === 'error' && !me && !(state.error instanceof ConsentRequiredError) && <ErrorState error={state.error} onRetry={reload} />}
        {!me && state.status === 'loading' && <ListSkeleton rows={4} />}
        {session && (
          <SessionContext.Provider value={session}>
            <Suspense fallback={<ListSkeleton rows={4} />}>{route && (approver || !APPROVER_ROUTES.has(route)) ? <View route={route} /> : <CallGroupView />}</Suspense>
          </SessionContext.Provider>
        )}
      </main>
    </>
  );
}
