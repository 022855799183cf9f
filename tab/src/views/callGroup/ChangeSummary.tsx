import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { strings } from '../../strings';

/** "Adele will be notified; this needs approval": what sending will do, before it is sent. */
export function ChangeSummary({ added, removed, reordered, needsApproval }: { added: readonly string[]; removed: readonly string[]; reordered: boolean; needsApproval: boolean }) {
  const lines = [
    ...(added.length > 0 ? [strings.summary.notified(added)] : []),
    ...(removed.length > 0 ? [strings.summary.removed(removed)] : []),
    ...(reordered ? [strings.summary.reorder] : []),
    needsApproval ? strings.summary.needsApproval : strings.summary.noApproval,
  ];
  return (
    <MessageBar intent="info" layout="multiline" aria-live="polite">
      <MessageBarBody>
        <MessageBarTitle>{strings.summary.title}</MessageBarTitle>
        <ul aria-label={strings.summary.title}>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
