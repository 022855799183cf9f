import type { ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Skeleton, SkeletonItem, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { strings } from '../strings';

const useStyles = makeStyles({
  skeleton: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBlock: tokens.spacingVerticalM },
  row: { display: 'grid', gridTemplateColumns: '36px 1fr', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  lines: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  empty: {
    padding: tokens.spacingVerticalXXL,
    textAlign: 'center',
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
});

/** Placeholder rows while a list loads: the page keeps its shape, and says it is loading. */
export function ListSkeleton({ rows = 3, label = strings.loading }: { rows?: number; label?: string }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" aria-label={label}>
      <Skeleton className={styles.skeleton} aria-hidden="true">
        {Array.from({ length: rows }, (_, index) => (
          <div className={styles.row} key={index}>
            <SkeletonItem shape="circle" size={36} />
            <div className={styles.lines}>
              <SkeletonItem size={16} style={{ width: '60%' }} />
              <SkeletonItem size={12} style={{ width: '40%' }} />
            </div>
          </div>
        ))}
      </Skeleton>
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.empty} role="status">
      <Text>{children}</Text>
    </div>
  );
}

/** An error in words, with a way to try again. */
export function ErrorState({ error, onRetry, title = strings.errorTitle }: { error: Error; onRetry?: () => void; title?: string }) {
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {error.message}
      </MessageBarBody>
      {onRetry && (
        <MessageBarActions>
          <Button icon={<ArrowClockwiseRegular />} onClick={onRetry}>
            {strings.retry}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
