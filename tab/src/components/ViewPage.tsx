import type { ReactNode } from 'react';
import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

/** Every view's frame: one landmark named by its h1, the view's introduction, then its content. */
export function ViewPage({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  const styles = useStyles();
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
