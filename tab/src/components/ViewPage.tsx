import type { ReactNode } from 'react';
import { Body1, Title2 } from '@fluentui/react-components';
import { useViewPageStyles } from './useViewPageStyles.styles';

/** Every view's frame: one landmark named by its h1, the view's introduction, then its content. */
export function ViewPage({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  const styles = useViewPageStyles();
  return (
    <section className={styles.page} aria-labelledby={id}>
      <Title2 as="h1" id={id}>
        {title}
      </Title2>
      <Body1>{intro}</Body1>
      {children}
    </section>
  );
}
