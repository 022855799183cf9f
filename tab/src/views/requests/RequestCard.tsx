import { Badge, Button, Caption1, Card, CardHeader, Title3 } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ChangeRequest, RequestStatus } from '@cgm/core';
import { nameOf } from '../../components/usePeopleNames';
import { strings } from '../../strings';
import { describeChange } from './describeChange';
import { RequestTimeline } from './RequestTimeline';
import { useRequestsViewStyles } from './useRequestsViewStyles.styles';

const BADGE_COLOR: Readonly<Record<RequestStatus, 'success' | 'danger' | 'informative' | 'subtle'>> = {
  applied: 'success',
  failed: 'danger',
  rejected: 'danger',
  pending: 'informative',
  approved: 'informative',
  cancelled: 'subtle',
  expired: 'subtle',
  superseded: 'subtle',
};

export interface RequestCardProps {
  readonly request: ChangeRequest;
  readonly names: ReadonlyMap<string, string>;
  readonly canCancel: boolean;
  onCancel(id: string): void;
}

/** One of my requests: what it asks, where it stands, its timeline, and Cancel while it is pending. */
export function RequestCard({ request, names, canCancel, onCancel }: RequestCardProps) {
  const styles = useRequestsViewStyles();
  const kind = strings.request.kinds[request.kind] ?? request.kind;
  return (
    <li>
      <Card>
        <CardHeader
          header={<Title3 as="h2">{kind}</Title3>}
          description={<Caption1 className={styles.change}>{describeChange(request, (ref) => nameOf(names, ref))}</Caption1>}
          action={<Badge className={styles.badge} appearance="tint" color={BADGE_COLOR[request.status]}>{strings.request.status[request.status] ?? request.status}</Badge>}
        />
        <RequestTimeline request={request} />
        {request.status === 'pending' && (
          <div>
            <Button icon={<DismissRegular />} disabled={!canCancel} onClick={() => onCancel(request.id)} aria-label={`${strings.requests.cancel}: ${kind}`}>
              {strings.requests.cancel}
            </Button>
          </div>
        )}
      </Card>
    </li>
  );
}
