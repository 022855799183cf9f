import type { ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Skeleton, SkeletonItem, Text } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { strings } from '../strings';
import { useViewStatesStyles } from './useViewStatesStyles.styles';

/** Placeholder rows while a list loads: the page keeps its shape, and says it is loading. */
export function ListSkeleton({ rows = 3, label = strings.loading }: { rows?: number; label?: string }) {
  const styles = useViewStatesStyles();
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
  const styles = useViewStatesStyles();
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
