import { Body1, Button, Caption1, Card, CardHeader, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody, Textarea, Title3 } from '@fluentui/react-components';
import { CheckmarkRegular, DismissRegular } from '@fluentui/react-icons';
import type { ChangeRequest } from '@cgm/core';
import { MAX_REJECT_REASON } from '@cgm/core';
import { shortAddress } from '../../components/address';
import { ErrorState } from '../../components/ViewStates';
import { nameOf } from '../../components/usePeopleNames';
import { formatWhen, strings } from '../../strings';
import { describeChange } from '../requests/describeChange';
import { BeforeAfter } from './BeforeAfter';
import { useApprovalCard } from './useApprovalCard';
import { useApprovalsViewStyles } from './useApprovalsViewStyles.styles';

/** One pending request: what it asks, before and after, and the approver's decision. */
export function ApprovalCard({ request, names, onDecided }: { request: ChangeRequest; names: ReadonlyMap<string, string>; onDecided(message: string): void }) {
  const styles = useApprovalsViewStyles();
  const { online, busy, error, reason, setReason, rejecting, setRejecting, reasonTooLong, approve, reject } = useApprovalCard(request, onDecided);
  const kind = strings.request.kinds[request.kind] ?? request.kind;
  // The heading and the buttons name the requester by address (unique; what the approver searches for); the text by name.
  const requester = shortAddress(request.requester);
  const requesterName = nameOf(names, request.requester);
  const from = requesterName === requester ? requester : `${requesterName} (${requester})`;
  const name = (ref: string) => nameOf(names, ref);
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
            <Button appearance="primary" icon={<CheckmarkRegular />} disabled={busy || !online} onClick={approve} aria-label={`${strings.approvals.approve}: ${kind} from ${requester}`}>
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
                reject();
              }}
            >
              <DialogBody>
                <DialogTitle>{strings.approvals.rejectTitle}</DialogTitle>
                <DialogContent>
                  <Field label={strings.approvals.reasonLabel} validationMessage={reasonTooLong ? strings.approvals.reasonTooLong(MAX_REJECT_REASON) : undefined}>
                    <Textarea value={reason} onChange={(_, data) => setReason(data.value)} resize="vertical" />
                  </Field>
                </DialogContent>
                <DialogActions>
                  <Button type="submit" appearance="primary" disabled={busy || reasonTooLong}>
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
