import { useMemo, useState } from 'react';
import { Body1, Button, Caption1, Card, CardHeader, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody, Textarea, Title3 } from '@fluentui/react-components';
import { CheckmarkRegular, DismissRegular } from '@fluentui/react-icons';
import { z } from 'zod';
import { useSession } from '../../app/session';
import type { ChangeRequest } from '@cgm/core';
import { approvalsSchema } from '@cgm/core';
import { useAsync } from '../../components/useAsync';
import { EmptyState, ErrorState, ListSkeleton } from '../../components/ViewStates';
import { nameOf, usePeopleNames } from '../../components/usePeopleNames';
import { formatWhen, strings } from '../../strings';
import { ViewPage } from '../../components/ViewPage';
import { addressesOf, describeChange } from '../requests/describeChange';
import { BeforeAfter } from './BeforeAfter';
import { shortAddress } from '../../components/address';
import { useApprovalsViewStyles } from './useApprovalsViewStyles.styles';

const decided = z.object({ request: z.object({ id: z.string(), status: z.string() }) });

function ApprovalCard({ request, names, onDecided }: { request: ChangeRequest; names: ReadonlyMap<string, string>; onDecided(message: string): void }) {
  const styles = useApprovalsViewStyles();
  const { api, online } = useSession();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const kind = strings.request.kinds[request.kind] ?? request.kind;
  // The heading and the buttons name the requester by address (unique; what the approver searches for); the text by name.
  const requester = shortAddress(request.requester);
  const requesterName = nameOf(names, request.requester);
  const from = requesterName === requester ? requester : `${requesterName} (${requester})`;
  const name = (ref: string) => nameOf(names, ref);
  const decide = async (verb: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      await api.json(`/api/approvals/${request.id}/${verb}`, decided, { method: 'POST', body: verb === 'reject' ? { reason } : {} });
      setRejecting(false);
      onDecided(verb === 'approve' ? strings.approvals.approved : strings.approvals.rejected);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li>
      <Card aria-label={`${kind}: ${requester}`}>
        <CardHeader header={<Title3 as="h2">{`${kind}: ${requester}`}</Title3>} description={<Caption1>{strings.approvals.from(from, formatWhen(request.createdAt))}</Caption1>} />
        <Body1>{describeChange(request, name)}</Body1>
        <BeforeAfter request={request} names={names} />
        {error && <ErrorState error={error} />}
        {request.mine ? (
          <MessageBar intent="info">
            <MessageBarBody>{strings.approvals.ownRequest}</MessageBarBody>
          </MessageBar>
        ) : (
          <div className={styles.actions}>
            <Button appearance="primary" icon={<CheckmarkRegular />} disabled={busy || !online} onClick={() => void decide('approve')} aria-label={`${strings.approvals.approve}: ${kind} from ${requester}`}>
              {strings.approvals.approve}
            </Button>
            <Button icon={<DismissRegular />} disabled={busy || !online} onClick={() => setRejecting(true)} aria-label={`${strings.approvals.reject}: ${kind} from ${requester}`}>
              {strings.approvals.reject}
            </Button>
          </div>
        )}
        <Dialog open={rejecting} onOpenChange={(_, data) => setRejecting(data.open)}>
          <DialogSurface>
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void decide('reject');
              }}
            >
              <DialogBody>
                <DialogTitle>{strings.approvals.rejectTitle}</DialogTitle>
                <DialogContent>
                  <Field label={strings.approvals.reasonLabel} validationMessage={reason.length > 500 ? 'Keep the reason under 500 characters.' : undefined}>
                    <Textarea value={reason} onChange={(_, data) => setReason(data.value)} resize="vertical" />
                  </Field>
                </DialogContent>
                <DialogActions>
                  <Button type="submit" appearance="primary" disabled={busy || reason.length > 500}>
                    {strings.approvals.reject}
                  </Button>
                  <Button type="button" onClick={() => setRejecting(false)}>
                    {strings.cancel}
                  </Button>
                </DialogActions>
              </DialogBody>
            </form>
          </DialogSurface>
        </Dialog>
      </Card>
    </li>
  );
}

/** Approvals: pending requests with before and after; approve, or reject with a reason. */
export default function ApprovalsView() {
  const styles = useApprovalsViewStyles();
  const { api } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/approvals', approvalsSchema, { signal }), 'approvals');
  const [notice, setNotice] = useState<string | undefined>();
  const requests = state.data?.requests;
  const names = usePeopleNames(api, useMemo(() => (requests ?? []).flatMap(addressesOf), [requests]));
  return (
    <ViewPage id="approvals-title" title={strings.approvals.title} intro={strings.approvals.intro}>
      {notice && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={reload} />}
      {state.status === 'loading' && !state.data && <ListSkeleton rows={3} />}
      {state.data && state.data.requests.length === 0 && <EmptyState>{strings.approvals.empty}</EmptyState>}
      {state.data && state.data.requests.length > 0 && (
        <ul className={styles.list} aria-label={strings.approvals.title}>
          {state.data.requests.map((request) => (
            <ApprovalCard
              key={request.id}
              request={request}
              names={names}
              onDecided={(message) => {
                setNotice(message);
                reload();
              }}
            />
          ))}
        </ul>
      )}
    </ViewPage>
  );
}
