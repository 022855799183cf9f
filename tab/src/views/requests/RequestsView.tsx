import { useMemo, useState } from 'react';
import { Badge, Button, Caption1, Card, CardHeader, Title3 } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { z } from 'zod';
import { useSession } from '../../app/session';
import { nameOf, usePeopleNames } from '../../components/usePeopleNames';
import { EmptyState, ErrorState } from '../../components/ViewStates';
import { strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { addressesOf, describeChange } from './describeChange';
import { RequestTimeline } from './RequestTimeline';
import { useRequestsViewStyles } from './useRequestsViewStyles.styles';

const cancelled = z.object({ request: z.object({ id: z.string(), status: z.string() }) });
const badgeColor = (status: string) => (status === 'applied' ? 'success' : status === 'failed' || status === 'rejected' ? 'danger' : status === 'pending' || status === 'approved' ? 'informative' : 'subtle');

/** My requests, newest first, each with its timeline; a pending one can be cancelled. */
export function RequestsView() {
  const styles = useRequestsViewStyles();
  const { api, me, reloadMe, online } = useSession();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const names = usePeopleNames(api, useMemo(() => me.requests.flatMap(addressesOf), [me.requests]));
  const cancel = async (id: string) => {
    setBusy(id);
    setError(undefined);
    try {
      await api.json(`/api/requests/${id}`, cancelled, { method: 'DELETE' });
      reloadMe();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <ViewPage id="requests-title" title={strings.requests.title} intro={strings.requests.intro}>
      {error && <ErrorState error={error} />}
      {me.requests.length === 0 ? (
        <EmptyState>{strings.requests.empty}</EmptyState>
      ) : (
        <ul className={styles.list} aria-label={strings.requests.title}>
          {me.requests.map((request) => {
            const kind = strings.request.kinds[request.kind] ?? request.kind;
            return (
              <li key={request.id}>
                <Card>
                  <CardHeader
                    header={<Title3 as="h2">{kind}</Title3>}
                    description={<Caption1 className={styles.change}>{describeChange(request, (ref) => nameOf(names, ref))}</Caption1>}
                    action={<Badge className={styles.badge} appearance="tint" color={badgeColor(request.status)}>{strings.request.status[request.status] ?? request.status}</Badge>}
                  />
                  <RequestTimeline request={request} />
                  {request.status === 'pending' && (
                    <div>
                      <Button icon={<DismissRegular />} disabled={!online || busy === request.id} onClick={() => void cancel(request.id)} aria-label={`${strings.requests.cancel}: ${kind}`}>
                        {strings.requests.cancel}
                      </Button>
                    </div>
                  )}
                </Card>
              </li>
            );
          })}
        </ul>
      )}
    </ViewPage>
  );
}
